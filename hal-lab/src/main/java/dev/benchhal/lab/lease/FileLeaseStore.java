package dev.benchhal.lab.lease;

import dev.benchhal.time.BenchClock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Leases for the boards of one host, in a directory: OS file locks, so a holder's leases end the moment
 * its process dies (the kernel drops its lock), and expiry for a holder that lives but hangs.
 *
 * <p>The directory holds {@code leases} (one line per board: fencing token, holder, expiry; written to a
 * temporary file and moved into place, so a crash never leaves half a file), {@code lab.lock} (held for
 * the few microseconds of each read-modify-write: all-or-none leases of several boards), and
 * {@code holders/NAME.alive}, which each live holder keeps locked. A board's lease counts while its expiry
 * has not passed and its holder's file is locked; when the lock is gone the holder is dead and its boards
 * are free at once.
 *
 * <p>Expiry is judged by the store's clock: the system clock when several processes share the directory
 * (they must share a clock), a virtual clock for tests in one JVM. Any number of stores, in this JVM and in
 * other processes, may use one directory. Thread-safe.
 */
public final class FileLeaseStore implements LeaseStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileLeaseStore.class);
    private static final String HEADER = "# benchhal leases v1: board token holder expiry-epoch-ms";

    /** One in-JVM mutex per directory: a JVM may hold one lock on a file, and closing any channel drops it. */
    private static final Map<Path, ReentrantLock> MUTEXES = new ConcurrentHashMap<>();
    /** Holders alive in this JVM, as "dir|name": their files are locked by this JVM, never opened twice. */
    private static final Set<String> LIVE_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final String source;
    private final BenchClock clock;
    private final String holder;
    private final FileChannel aliveChannel;
    private final ReentrantLock mutex;
    private volatile boolean closed;

    private FileLeaseStore(Path dir, BenchClock clock, String holder, FileChannel aliveChannel) {
        this.dir = dir;
        this.source = "lease store " + dir;
        this.clock = clock;
        this.holder = holder;
        this.aliveChannel = aliveChannel;
        this.mutex = MUTEXES.computeIfAbsent(dir, d -> new ReentrantLock());
    }

    /**
     * Opens the store in {@code dir} (created when missing) as a new holder named after this host and process.
     *
     * @param dir the lab's lease directory, shared by every scheduler of this host
     * @return the store; close it to end the holder
     * @throws LeaseStoreException when the directory cannot be made or locked
     */
    public static FileLeaseStore open(Path dir) {
        return open(dir, defaultHolderPrefix(), BenchClock.system());
    }

    /**
     * Opens the store as a new holder.
     *
     * @param dir          the lab's lease directory
     * @param holderPrefix the start of the holder's name (a random suffix makes it unique); letters, digits,
     *                     {@code . _ - :}
     * @param clock        judges expiry: the system clock unless every user of the directory is in this JVM
     * @return the store
     * @throws IllegalArgumentException for a prefix with other characters
     * @throws LeaseStoreException      when the directory cannot be made or locked
     */
    public static FileLeaseStore open(Path dir, String holderPrefix, BenchClock clock) {
        if (!holderPrefix.matches("[A-Za-z0-9._:-]{1,48}")) {
            throw new IllegalArgumentException("holder prefix: expected 1 to 48 of letters, digits, '.', '_', ':', '-', got \""
                    + holderPrefix + "\"");
        }
        Path real;
        try {
            Files.createDirectories(dir.resolve("holders"));
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + dir, "cannot create the lease directory", e);
        }
        ReentrantLock mutex = MUTEXES.computeIfAbsent(real, d -> new ReentrantLock());
        mutex.lock();
        try (FileChannel lock = FileChannel.open(real.resolve("lab.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock.lock()) {
            // the holder's file is made and locked under the directory's lock: no one can judge it dead half-made
            for (int attempt = 0; ; attempt++) {
                String name = holderPrefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
                Path file = real.resolve("holders").resolve(name + ".alive");
                if (Files.exists(file) && attempt < 8) {
                    continue;
                }
                FileChannel alive = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (alive.tryLock() == null) {
                    alive.close();
                    throw new IOException("cannot lock the new holder file " + file);
                }
                alive.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
                LIVE_HERE.add(real + "|" + name);
                LOG.debug("lease holder {} in {}", name, real);
                return new FileLeaseStore(real, clock, name, alive);
            }
        } catch (IOException e) {
            throw new LeaseStoreException("lease store " + real, "cannot register a holder", e);
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public String holder() {
        return holder;
    }

    /** @return the lease directory */
    public Path directory() {
        return dir;
    }

    @Override
    public Optional<Lease> tryAcquire(Collection<String> boards, Duration ttl) {
        ensureOpen();
        List<String> ids = LeaseArguments.boards(boards);
        LeaseArguments.positive(ttl);
        return update(state -> {
            Instant now = clock.now();
            for (String board : ids) {
                Row row = state.rows.get(board);
                if (row != null && live(row, now)) {
                    return Optional.<Lease>empty();
                }
            }
            long token = state.nextToken++;
            Instant expiry = now.plus(ttl);
            for (String board : ids) {
                state.rows.put(board, new Row(token, holder, expiry));
            }
            state.changed = true;
            return Optional.of(new Lease(ids, holder, token, expiry));
        });
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        ensureOpen();
        LeaseArguments.positive(ttl);
        return update(state -> {
            Instant now = clock.now();
            for (String board : lease.boards()) {
                requireHeld(state, lease, board, now);
            }
            Instant expiry = now.plus(ttl);
            for (String board : lease.boards()) {
                state.rows.put(board, new Row(lease.token(), holder, expiry));
            }
            state.changed = true;
            return lease.renewedUntil(expiry);
        });
    }

    @Override
    public void verify(Lease lease, String board) {
        ensureOpen();
        if (!lease.boards().contains(board)) {
            throw new LeaseLostException(source, lease + " does not hold board " + board);
        }
        update(state -> {
            requireHeld(state, lease, board, clock.now());
            return null;
        });
    }

    @Override
    public void release(Lease lease) {
        ensureOpen();
        update(state -> {
            for (String board : lease.boards()) {
                Row row = state.rows.get(board);
                if (row != null && row.token == lease.token() && holder.equals(row.holder)) {
                    state.rows.put(board, new Row(row.token, null, null));
                    state.changed = true;
                }
            }
            return null;
        });
    }

    @Override
    public List<LeaseInfo> leases() {
        ensureOpen();
        return update(state -> {
            Instant now = clock.now();
            List<LeaseInfo> result = new ArrayList<>();
            state.rows.forEach((board, row) -> result.add(live(row, now)
                    ? new LeaseInfo(board, row.holder, row.token, row.expiry)
                    : new LeaseInfo(board, null, row.token, null)));
            return result;
        });
    }

    @Override
    public Optional<LeaseInfo> forceRelease(String board) {
        ensureOpen();
        LeaseArguments.boards(List.of(board));
        return update(state -> {
            Row row = state.rows.get(board);
            if (row == null || !live(row, clock.now())) {
                return Optional.<LeaseInfo>empty();
            }
            state.rows.put(board, new Row(row.token, null, null));
            state.changed = true;
            LOG.info("board {} released by the operator from {} (token {})", board, row.holder, row.token);
            return Optional.of(new LeaseInfo(board, row.holder, row.token, row.expiry));
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            update(state -> {
                state.rows.replaceAll((board, row) -> {
                    if (holder.equals(row.holder)) {
                        state.changed = true;
                        return new Row(row.token, null, null);
                    }
                    return row;
                });
                return null;
            });
        } catch (LeaseStoreException e) {
            LOG.warn("{}: could not release {}'s leases at close ({}); they end with the holder", source, holder, e.getMessage());
        }
        mutex.lock();
        try {
            Files.deleteIfExists(dir.resolve("holders").resolve(holder + ".alive"));
            aliveChannel.close();
        } catch (IOException e) {
            LOG.warn("{}: holder file of {}: {}", source, holder, e.toString());
        } finally {
            LIVE_HERE.remove(dir + "|" + holder);
            mutex.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileLeaseStore[" + dir + " holder=" + holder + "]";
    }

    private void requireHeld(State state, Lease lease, String board, Instant now) {
        Row row = state.rows.get(board);
        if (row == null || row.token != lease.token() || !holder.equals(row.holder)) {
            throw new LeaseLostException(source, lease + " no longer holds board " + board + ": "
                    + (row == null || row.holder == null ? "it is free" : "held by " + row.holder + " with token " + row.token));
        }
        if (row.expiry == null || !row.expiry.isAfter(now)) {
            throw new LeaseLostException(source, lease + " expired at " + row.expiry + " (now " + now + ") for board " + board);
        }
    }

    private boolean live(Row row, Instant now) {
        return row.holder != null && row.expiry != null && row.expiry.isAfter(now) && holderAlive(row.holder);
    }

    /** Whether a holder's process lives: its file is locked. Called under the directory's lock. */
    private boolean holderAlive(String name) {
        if (name.equals(holder) || LIVE_HERE.contains(dir + "|" + name)) {
            return true;
        }
        Path file = dir.resolve("holders").resolve(name + ".alive");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            Files.deleteIfExists(file);
            LOG.info("lease holder {} is gone: its boards are free", name);
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new LeaseStoreException(source, "cannot tell whether holder " + name + " lives", e);
        }
    }

    private <T> T update(Function<State, T> change) {
        mutex.lock();
        try (FileChannel lockChannel = FileChannel.open(dir.resolve("lab.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            State state = read();
            T result = change.apply(state);
            if (state.changed) {
                write(state);
            }
            return result;
        } catch (IOException e) {
            throw new LeaseStoreException(source, "cannot read or write " + dir.resolve("leases") + ": " + e.getMessage(), e);
        } finally {
            mutex.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private State read() throws IOException {
        Path file = dir.resolve("leases");
        State state = new State();
        if (!Files.exists(file)) {
            return state;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ", -1);
            try {
                if (f.length == 2 && f[0].equals("next-token")) {
                    state.nextToken = Long.parseLong(f[1]);
                } else if (f.length == 4) {
                    boolean free = f[2].equals("-");
                    state.rows.put(f[0], new Row(Long.parseLong(f[1]), free ? null : f[2],
                            free ? null : Instant.ofEpochMilli(Long.parseLong(f[3]))));
                } else {
                    throw new NumberFormatException("expected 'next-token N' or 'board token holder expiry'");
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage() + ", got \"" + line + "\"", e);
            }
        }
        return state;
    }

    private void write(State state) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n').append("next-token ").append(state.nextToken).append('\n');
        state.rows.forEach((board, row) -> text.append(board).append(' ').append(row.token).append(' ')
                .append(row.holder == null ? "-" : row.holder).append(' ')
                .append(row.expiry == null ? 0 : row.expiry.toEpochMilli()).append('\n'));
        Path tmp = dir.resolve("leases.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try {
            Files.move(tmp, dir.resolve("leases"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve("leases"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String defaultHolderPrefix() {
        String host = LeaseArguments.hostName();
        return (host + ":" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._:-]", "_");
    }

    /** One board's line. */
    private record Row(long token, @Nullable String holder, @Nullable Instant expiry) {
    }

    /** The file's content while the directory's lock is held. */
    private static final class State {
        long nextToken = 1;
        final TreeMap<String, Row> rows = new TreeMap<>();
        boolean changed;
    }
}
