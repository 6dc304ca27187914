package dev.benchhal.lab.lease;

import dev.benchhal.core.time.Await;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every lease store promises, held against the file store and PostgreSQL alike: all or none, tokens that
 * only grow, expiry, fencing of a holder whose lease ended, holders that die or hang in other processes, and
 * many holders at once never sharing a board.
 */
abstract class LeaseStoreContract {

    static final Duration HOUR = Duration.ofHours(1);
    private final List<LeaseStore> opened = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    /** @return a new holder of the store under test, on the store's test clock */
    protected abstract LeaseStore newStore();

    /** Makes {@code lease} expire: the next check by anyone finds it ended. */
    protected abstract void expire(LeaseStore holder, Lease lease);

    /** @return a holder on the system clock, for tests with holders in other processes */
    protected abstract LeaseStore newSystemClockStore();

    /** @return the child's arguments before BOARD and TTL_MS (see {@link LeaseHolderMain}) */
    protected abstract List<String> childStoreArguments();

    /** @return the child's extra environment */
    protected Map<String, String> childEnvironment() {
        return Map.of();
    }

    protected final LeaseStore holder() {
        LeaseStore store = newStore();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeHolders() {
        children.forEach(Process::destroyForcibly);
        opened.forEach(LeaseStore::close);
    }

    @Test
    void takesAllBoardsOrNone() {
        LeaseStore a = holder();
        LeaseStore b = holder();
        Lease pair = a.tryAcquire(List.of("b2", "b1"), HOUR).orElseThrow();
        assertThat(pair.boards()).containsExactly("b1", "b2");
        assertThat(pair.holder()).isEqualTo(a.holder());

        assertThat(b.tryAcquire(List.of("b2", "b3"), HOUR)).isEmpty();
        // b3 was not taken by the refused request
        Lease single = b.tryAcquire(List.of("b3"), HOUR).orElseThrow();
        assertThat(single.token()).isGreaterThan(pair.token());
        assertThat(a.leases()).extracting(LeaseInfo::board, LeaseInfo::holder)
                .contains(org.assertj.core.groups.Tuple.tuple("b1", a.holder()), org.assertj.core.groups.Tuple.tuple("b2", a.holder()),
                        org.assertj.core.groups.Tuple.tuple("b3", b.holder()));
    }

    @Test
    void releasedBoardsGoToTheNextHolderWithALargerToken() {
        LeaseStore a = holder();
        LeaseStore b = holder();
        Lease first = a.tryAcquire(List.of("b1"), HOUR).orElseThrow();
        a.release(first);
        a.release(first); // idempotent
        Lease second = b.tryAcquire(List.of("b1"), HOUR).orElseThrow();
        assertThat(second.token()).isGreaterThan(first.token());
        // the earlier holder is fenced off, and its late release does not free the new holder's board
        assertThatThrownBy(() -> a.verify(first, "b1")).isInstanceOf(LeaseLostException.class).hasMessageContaining(b.holder());
        a.release(first);
        b.verify(second, "b1");
        assertThat(a.tryAcquire(List.of("b1"), HOUR)).isEmpty();
    }

    @Test
    void renewalKeepsTheLeaseAndVerifyChecksTheBoard() {
        LeaseStore a = holder();
        Lease lease = a.tryAcquire(List.of("b1", "b2"), Duration.ofMinutes(1)).orElseThrow();
        Lease renewed = a.renew(lease, HOUR);
        assertThat(renewed.token()).isEqualTo(lease.token());
        assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
        a.verify(renewed, "b2");
        assertThatThrownBy(() -> a.verify(renewed, "b9")).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("does not hold board b9");
    }

    @Test
    void anExpiredLeaseFreesItsBoardsAndFencesItsHolder() {
        LeaseStore zombie = holder();
        LeaseStore next = holder();
        Lease stale = zombie.tryAcquire(List.of("b1", "b2"), HOUR).orElseThrow();
        assertThat(next.tryAcquire(List.of("b1"), HOUR)).isEmpty();

        expire(zombie, stale);

        Lease fresh = next.tryAcquire(List.of("b1"), HOUR).orElseThrow();
        assertThat(fresh.token()).isGreaterThan(stale.token());
        assertThatThrownBy(() -> zombie.verify(stale, "b1")).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> zombie.verify(stale, "b2")).isInstanceOf(LeaseLostException.class);
        // expired is expired, even where no one took the board yet: no renewal brings it back
        assertThatThrownBy(() -> zombie.renew(stale, HOUR)).isInstanceOf(LeaseLostException.class);
        assertThat(next.leases()).filteredOn(i -> i.board().equals("b2")).singleElement()
                .satisfies(i -> assertThat(i.held()).isFalse());
    }

    @Test
    void anOperatorReleaseFencesTheHolder() {
        LeaseStore a = holder();
        LeaseStore operator = holder();
        Lease lease = a.tryAcquire(List.of("b1"), HOUR).orElseThrow();
        Optional<LeaseInfo> released = operator.forceRelease("b1");
        assertThat(released).get().satisfies(i -> {
            assertThat(i.holder()).isEqualTo(a.holder());
            assertThat(i.token()).isEqualTo(lease.token());
        });
        assertThat(operator.forceRelease("b1")).isEmpty();
        assertThatThrownBy(() -> a.verify(lease, "b1")).isInstanceOf(LeaseLostException.class).hasMessageContaining("free");
        assertThatThrownBy(() -> a.renew(lease, HOUR)).isInstanceOf(LeaseLostException.class);
        assertThat(operator.tryAcquire(List.of("b1"), HOUR)).isPresent();
    }

    @Test
    void closingAHolderReleasesItsBoards() {
        LeaseStore a = newStore();
        LeaseStore b = holder();
        assertThat(a.tryAcquire(List.of("b1", "b2"), HOUR)).isPresent();
        a.close();
        assertThat(b.tryAcquire(List.of("b1", "b2"), HOUR)).isPresent();
        assertThatThrownBy(() -> a.tryAcquire(List.of("b3"), HOUR)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        LeaseStore a = holder();
        assertThatThrownBy(() -> a.tryAcquire(List.of("b1", "../etc"), HOUR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("board id").hasMessageContaining("\"../etc\"");
        assertThatThrownBy(() -> a.tryAcquire(List.of("b1; DROP TABLE x"), HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.tryAcquire(List.of(), HOUR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one board");
        assertThatThrownBy(() -> a.tryAcquire(List.of("b1"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThat(a.leases()).extracting(LeaseInfo::board).doesNotContain("../etc");
    }

    @Test
    void manyHoldersAtOnceNeverShareABoard() throws Exception {
        int holders = 6;
        List<String> boards = List.of("c0", "c1", "c2", "c3", "c4");
        Map<String, String> occupant = new ConcurrentHashMap<>();
        AtomicInteger doubleHeld = new AtomicInteger();
        AtomicInteger leases = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(holders * 2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int h = 0; h < holders; h++) {
                LeaseStore store = holder();
                for (int t = 0; t < 2; t++) {
                    work.add(pool.submit(() -> {
                        String me = store.holder() + "/" + Thread.currentThread().getName();
                        for (int i = 0; i < 60; i++) {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            String x = boards.get(random.nextInt(boards.size()));
                            String y = boards.get(random.nextInt(boards.size()));
                            Optional<Lease> lease = store.tryAcquire(List.of(x, y), HOUR);
                            if (lease.isEmpty()) {
                                continue;
                            }
                            leases.incrementAndGet();
                            for (String board : lease.get().boards()) {
                                if (occupant.putIfAbsent(board, me) != null) {
                                    doubleHeld.incrementAndGet();
                                }
                                store.verify(lease.get(), board);
                            }
                            for (String board : lease.get().boards()) {
                                occupant.remove(board, me);
                            }
                            store.release(lease.get());
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(doubleHeld).hasValue(0);
        assertThat(leases.get()).isGreaterThan(holders);
    }

    @Test
    void aKilledHoldersBoardsAreFreeAtOnce() throws Exception {
        LeaseStore survivor = newSystemClockStore();
        opened.add(survivor);
        Child child = child("k1", HOUR);
        assertThat(survivor.tryAcquire(List.of("k1"), HOUR)).isEmpty();

        child.process.destroyForcibly();
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // the lease had an hour to run: only the holder's death can free it within the minute (a database
        // server ends the dead session as soon as it reads the closed connection)
        Lease taken = Await.until(BenchClock.system(), "k1 free after its holder was killed",
                () -> survivor.tryAcquire(List.of("k1"), HOUR), Optional::isPresent, Duration.ofMinutes(1), Duration.ofMillis(10))
                .orElseThrow();
        assertThat(taken.token()).isGreaterThan(child.token);
    }

    @Test
    void aHungHolderLosesItsBoardsWhenItsLeaseExpiresAndIsFencedWhenItWakes() throws Exception {
        LeaseStore survivor = newSystemClockStore();
        opened.add(survivor);
        // long enough that the first verify is answered before it ends, even on a loaded machine
        Child child = child("h1", Duration.ofSeconds(3));
        assertThat(child.ask("verify")).isEqualTo("OK");
        signal(child.process, "STOP");
        try {
            Lease taken = Await.until(BenchClock.system(), "h1 free after its hung holder's lease expired",
                    () -> survivor.tryAcquire(List.of("h1"), HOUR), Optional::isPresent, Duration.ofSeconds(60), Duration.ofMillis(100)).orElseThrow();
            assertThat(taken.token()).isGreaterThan(child.token);
        } finally {
            signal(child.process, "CONT");
        }
        assertThat(child.ask("verify")).startsWith("LOST");
        assertThat(child.ask("renew")).startsWith("LOST");
    }

    private Child child(String board, Duration ttl) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeaseHolderMain.class.getName()));
        command.addAll(childStoreArguments());
        command.add(board);
        command.add(Long.toString(ttl.toMillis()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(childEnvironment());
        Process process = builder.start();
        children.add(process);
        Child child = new Child(process);
        String held = child.in.readLine();
        assertThat(held).as("the child's first line").startsWith("HELD ");
        child.token = Long.parseLong(held.substring(5));
        return child;
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    /** A holder in another process. */
    private static final class Child {
        final Process process;
        final BufferedReader in;
        final Writer out;
        long token;

        Child(Process process) {
            this.process = process;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        String ask(String command) throws IOException {
            out.write(command + "\n");
            out.flush();
            String answer = in.readLine();
            assertThat(answer).as("answer to " + command).isNotNull();
            return answer;
        }
    }
}
