package dev.benchhal.core.time;

import dev.benchhal.error.HalInterruptedException;
import dev.benchhal.error.HalTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualClockTest {

    @Test
    void anInterruptedThreadDoesNotSleepAndMovesNoTime() throws Exception {
        VirtualClock clock = VirtualClock.autoAdvancing();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread participant = new Thread(() -> {
            try (VirtualClock.Participation p = clock.join()) {
                Thread.currentThread().interrupt();
                clock.sleep(Duration.ofHours(1));
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        participant.start();
        participant.join();
        assertThat(thrown.get()).isInstanceOf(HalInterruptedException.class).hasMessageContaining("interrupted before sleeping");
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void autoAdvancingClockRunsAnHourInNoRealTime() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        long realStart = System.nanoTime();
        for (int i = 0; i < 3600; i++) {
            clock.sleep(Duration.ofSeconds(1));
        }
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(3600));
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void manualClockWakesSleepersWhenTheirDeadlinePasses() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        List<String> woke = Collections.synchronizedList(new ArrayList<>());
        Thread a = sleeper(clock, Duration.ofMillis(100), "a", woke);
        Thread b = sleeper(clock, Duration.ofMillis(300), "b", woke);
        assertThat(clock.awaitSleepers(2, Duration.ofSeconds(5))).isTrue();
        clock.advance(Duration.ofMillis(150));
        a.join(5000);
        assertThat(woke).containsExactly("a@150");
        assertThat(b.isAlive()).isTrue();
        clock.advance(Duration.ofMillis(150));
        b.join(5000);
        assertThat(woke).containsExactly("a@150", "b@300");
    }

    @Test
    void participantsWakeInDeadlineOrderWhateverTheScheduling() throws Exception {
        VirtualClock clock = VirtualClock.autoAdvancing();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        int threads = 4;
        CountDownLatch joined = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int period = 10 * (t + 1);
            String name = "t" + t;
            Thread th = new Thread(() -> {
                try (VirtualClock.Participation p = clock.join()) {
                    joined.countDown();
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        clock.sleep(Duration.ofMillis(period));
                        events.add(clock.elapsed().toMillis() + ":" + name);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            th.start();
            all.add(th);
        }
        joined.await();
        start.countDown();
        for (Thread th : all) {
            th.join(10_000);
            assertThat(th.isAlive()).isFalse();
        }
        // every wake-up happens exactly at a multiple of the thread's period
        assertThat(events).hasSize(20);
        for (String e : events) {
            long at = Long.parseLong(e.substring(0, e.indexOf(':')));
            int t = Integer.parseInt(e.substring(e.indexOf(":t") + 2));
            assertThat(at % (10L * (t + 1))).as(e).isZero();
        }
        // t3 sleeps 40 ms five times: the clock ends at 200 ms
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(200));
        // times never go backwards within one thread
        for (int t = 0; t < threads; t++) {
            String suffix = ":t" + t;
            List<Long> mine = events.stream().filter(e -> e.endsWith(suffix))
                    .map(e -> Long.parseLong(e.substring(0, e.indexOf(':')))).toList();
            assertThat(mine).isSorted().hasSize(5);
        }
    }

    @Test
    void nonParticipantsWaitForTheParticipantsToMoveTime() throws Exception {
        VirtualClock clock = VirtualClock.autoAdvancing();
        AtomicReference<Duration> observerWokeAt = new AtomicReference<>();
        CountDownLatch joined = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread participant = new Thread(() -> {
            try (VirtualClock.Participation p = clock.join()) {
                joined.countDown();
                release.await();
                clock.sleep(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        participant.start();
        joined.await();
        Thread observer = new Thread(() -> {
            clock.sleep(Duration.ofMillis(200));
            observerWokeAt.set(clock.elapsed());
        });
        observer.start();
        assertThat(clock.awaitSleepers(1, Duration.ofSeconds(5))).isTrue();
        assertThat(clock.elapsed()).isEqualTo(Duration.ZERO); // nobody moved time yet
        release.countDown();
        participant.join(5000);
        observer.join(5000);
        assertThat(observerWokeAt.get()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(500));
    }

    /** Fail-fast: one path interrupts another that sleeps, then leaves the clock; time must not jump to the sleeper's deadline. */
    @Test
    void anInterruptedParticipantsDeadlineDoesNotMoveTime() throws Exception {
        for (int round = 0; round < 50; round++) {
            VirtualClock clock = VirtualClock.autoAdvancing();
            CountDownLatch joined = new CountDownLatch(2);
            AtomicReference<Throwable> sleeperEnded = new AtomicReference<>();
            Thread sleeper = new Thread(() -> {
                try (VirtualClock.Participation p = clock.join()) {
                    joined.countDown();
                    clock.sleep(Duration.ofHours(1));
                } catch (HalInterruptedException e) {
                    sleeperEnded.set(e);
                }
            });
            try (VirtualClock.Participation me = clock.join()) {
                sleeper.start();
                joined.countDown();
                joined.await();
                assertThat(clock.awaitSleepers(1, Duration.ofSeconds(5))).isTrue();
                sleeper.interrupt();
            }
            sleeper.join(5000);
            assertThat(sleeperEnded.get()).as("round " + round).isInstanceOf(HalInterruptedException.class);
            assertThat(clock.elapsed()).as("round " + round).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void interruptedSleepKeepsTheInterruptFlag() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                clock.sleep(Duration.ofSeconds(1));
            } catch (HalInterruptedException e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        t.start();
        assertThat(clock.awaitSleepers(1, Duration.ofSeconds(5))).isTrue();
        t.interrupt();
        t.join(5000);
        assertThat(thrown.get()).isInstanceOf(HalInterruptedException.class);
        assertThat(flag.get()).isTrue();
    }

    @Test
    void manualClockRefusesJoinAndNegativeAdvance() {
        VirtualClock clock = VirtualClock.manual();
        assertThatThrownBy(clock::join).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        clock.advanceTo(VirtualClock.DEFAULT_START.plusSeconds(10));
        clock.advanceTo(VirtualClock.DEFAULT_START.plusSeconds(5)); // never backwards
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void awaitPollsOnTheBenchClockAndSeesTheLastValue() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        long start = clock.nanoTime();
        int value = Await.until(clock, "counter to reach 3 s", () -> (int) clock.since(start).toSeconds(), v -> v >= 3,
                Duration.ofSeconds(10), Duration.ofMillis(250));
        assertThat(value).isEqualTo(3);
        assertThat(clock.since(start)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void awaitTimesOutExactlyAtTheLimitWithTheLastValue() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        long start = clock.nanoTime();
        assertThatThrownBy(() -> Await.until(clock, "VOUT to reach 12 V", () -> 5.0, v -> v >= 12.0,
                Duration.ofSeconds(2), Duration.ofMillis(300)))
                .isInstanceOf(HalTimeoutException.class)
                .hasMessage("VOUT to reach 12 V did not happen within 2 s (last seen: 5.0 after 8 probes)");
        assertThat(clock.since(start)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void awaitSeesAConditionThatBecomesTrueAtTheDeadline() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        long start = clock.nanoTime();
        Await.until(clock, "deadline", () -> clock.since(start).compareTo(Duration.ofSeconds(1)) >= 0,
                Duration.ofSeconds(1), Duration.ofMillis(300));
        assertThat(clock.since(start)).isEqualTo(Duration.ofSeconds(1));
    }

    private static Thread sleeper(VirtualClock clock, Duration d, String name, List<String> woke) {
        Thread t = new Thread(() -> {
            clock.sleep(d);
            woke.add(name + "@" + clock.elapsed().toMillis());
        });
        t.start();
        return t;
    }
}
