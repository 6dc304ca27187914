package dev.benchhal.core.time;

import dev.benchhal.time.BenchClock;

import dev.benchhal.error.HalInterruptedException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock whose time moves only when the program says so, so simulated benches run
 * deterministically and as fast as the CPU allows.
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@link #manual()}: time moves only through {@link #advance(Duration)} or
 *       {@link #advanceTo(Instant)}; sleepers wake when time reaches their deadline. Use it when a
 *       test wants to step time itself.</li>
 *   <li>{@link #autoAdvancing()}: a sleep moves time forward by itself. With no registered
 *       participants, a sleep jumps time to the sleeper's deadline at once (the single-threaded
 *       simulation case). When threads register with {@link #join()}, time moves only when every
 *       participant is asleep, and then to the earliest deadline among them: the threads wake in
 *       deadline order whatever the machine's scheduling, as in a discrete-event simulation.
 *       Threads that have not joined wait for the participants to move time.</li>
 * </ul>
 *
 * <p>Time never goes backwards. The clock is thread-safe.
 */
public final class VirtualClock implements BenchClock {

    /** Default start: a fixed instant, so logs of simulated runs are reproducible. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the sleepers change: for {@link #awaitSleepers} only, sleepers wait on their own. */
    private final Condition timeMoved = lock.newCondition();
    /** Sleepers not yet woken, earliest deadline first: a time step wakes only the threads it is due for. */
    private final PriorityQueue<Sleeper> pending = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    private final Instant epoch;
    private final boolean autoAdvance;
    private final Set<Thread> participants = new HashSet<>();
    /** Participants in {@link #sleep}, earliest deadline first (a woken one stays until it runs). */
    private final PriorityQueue<Sleeper> participantSleepers = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    /** Written under the lock, read without it: time is read far more often than it moves. */
    private volatile long nanos;
    private int sleepingParticipants;
    private int sleepers;

    /** A thread in {@link #sleep}: woken through its own condition, so a time step costs one wake-up per due thread. */
    private static final class Sleeper {
        final long deadline;
        final Condition woken;

        Sleeper(long deadline, Condition woken) {
            this.deadline = deadline;
            this.woken = woken;
        }
    }

    private VirtualClock(Instant start, boolean autoAdvance) {
        this.epoch = start;
        this.autoAdvance = autoAdvance;
    }

    /** @return a manual clock starting at {@link #DEFAULT_START} */
    public static VirtualClock manual() {
        return new VirtualClock(DEFAULT_START, false);
    }

    /**
     * @param start the instant the clock reads before any advance
     * @return a manual clock
     */
    public static VirtualClock manual(Instant start) {
        return new VirtualClock(start, false);
    }

    /** @return an auto-advancing clock starting at {@link #DEFAULT_START} */
    public static VirtualClock autoAdvancing() {
        return new VirtualClock(DEFAULT_START, true);
    }

    /**
     * @param start the instant the clock reads before any sleep
     * @return an auto-advancing clock
     */
    public static VirtualClock autoAdvancing(Instant start) {
        return new VirtualClock(start, true);
    }

    /** @return {@code true} for an auto-advancing clock */
    public boolean isAutoAdvancing() {
        return autoAdvance;
    }

    @Override
    public Instant now() {
        return epoch.plusNanos(nanos);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    /** @return virtual time elapsed since the start of this clock */
    public Duration elapsed() {
        return Duration.ofNanos(nanoTime());
    }

    /**
     * Moves time forward and wakes every sleeper whose deadline has come.
     *
     * @param duration how far; must not be negative
     * @throws IllegalArgumentException for a negative duration
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot advance a clock by a negative duration: " + duration);
        }
        lock.lock();
        try {
            nanos = Math.addExact(nanos, duration.toNanos());
            wakeDue();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves time forward to {@code instant}; does nothing when the clock is already past it.
     *
     * @param instant the target time
     */
    public void advanceTo(Instant instant) {
        lock.lock();
        try {
            long target = Duration.between(epoch, instant).toNanos();
            if (target > nanos) {
                nanos = target;
                wakeDue();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return how many threads are in {@link #sleep(Duration)} on this clock right now */
    public int sleepers() {
        lock.lock();
        try {
            return sleepers;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits in real time until at least {@code count} threads sleep on this clock; lets a test
     * step a manual clock only once its threads have reached their waits.
     *
     * @param count   how many sleepers to wait for
     * @param timeout real-time limit
     * @return {@code true} when the count was reached, {@code false} on timeout
     */
    public boolean awaitSleepers(int count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (sleepers < count) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                timeMoved.awaitNanos(Math.min(left, 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(null, "interrupted while waiting for " + count + " sleepers", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers the calling thread as a participant of an auto-advancing clock: from now on time
     * moves only when every participant sleeps. Close the returned handle when the thread is done
     * (try-with-resources), or time stops for the others.
     *
     * @return the handle that deregisters the thread
     * @throws IllegalStateException on a manual clock, or when the thread has joined already
     */
    public Participation join() {
        if (!autoAdvance) {
            throw new IllegalStateException("join() is for auto-advancing clocks; a manual clock moves only by advance()");
        }
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            if (!participants.add(me)) {
                throw new IllegalStateException("thread " + me.getName() + " has joined this clock already");
            }
            return new Participation(me);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        lock.lock();
        try {
            if (Thread.currentThread().isInterrupted()) {
                // as Thread.sleep: an interrupted thread does not sleep (and must not move time on its way)
                throw new HalInterruptedException(null, "interrupted before sleeping " + duration + " of virtual time");
            }
            long deadline = Math.addExact(nanos, duration.toNanos());
            boolean participant = participants.contains(Thread.currentThread());
            if (autoAdvance && participants.isEmpty() && pending.isEmpty()) {
                nanos = Math.max(nanos, deadline);
                timeMoved.signalAll();
                return;
            }
            Sleeper me = new Sleeper(deadline, lock.newCondition());
            pending.add(me);
            sleepers++;
            if (participant) {
                sleepingParticipants++;
                participantSleepers.add(me);
            }
            timeMoved.signalAll();
            nudge();    // the last participant to fall asleep lets the earliest one move time
            try {
                while (nanos < deadline) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    if (mover() == me) {
                        // time moves by the thread it moves for, after it saw it was not interrupted: a sleeper
                        // interrupted on its way out (fail-fast) never has time moved on its behalf
                        nanos = mover().deadline;
                        wakeDue();
                        continue;
                    }
                    me.woken.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HalInterruptedException(null, "interrupted while sleeping " + duration + " of virtual time", e);
            } finally {
                pending.remove(me);
                sleepers--;
                if (participant) {
                    sleepingParticipants--;
                    participantSleepers.remove(me);
                }
                timeMoved.signalAll();
                nudge();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sleeper that may move an auto-advancing clock now (holding the lock), or {@code null}: with participants,
     * only when every one sleeps and none is already due to wake (a due one holds its place until it runs), the
     * participant with the earliest deadline; without participants, the sleeper with the earliest deadline.
     */
    private Sleeper mover() {
        if (!autoAdvance) {
            return null;
        }
        Sleeper first = participants.isEmpty() ? pending.peek() : participantSleepers.peek();
        if (first == null || first.deadline <= nanos) {
            return null;
        }
        return participants.isEmpty() || sleepingParticipants == participants.size() ? first : null;
    }

    /** Wakes the sleeper that may move time now, if any (holding the lock): one wake-up, not one per sleeper. */
    private void nudge() {
        Sleeper mover = mover();
        if (mover != null) {
            mover.woken.signal();
        }
    }

    /** Wakes every sleeper whose deadline has come (holding the lock); each leaves the queue as it is woken. */
    private void wakeDue() {
        while (!pending.isEmpty() && pending.peek().deadline <= nanos) {
            pending.poll().woken.signal();
        }
        timeMoved.signalAll();
    }

    /** @return the threads registered through {@link #join()}, for diagnostics */
    public List<String> participantNames() {
        lock.lock();
        try {
            List<String> names = new ArrayList<>();
            for (Thread t : participants) {
                names.add(t.getName());
            }
            Collections.sort(names);
            return names;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[" + (autoAdvance ? "auto" : "manual") + ", now=" + now() + "]";
    }

    /** A thread's membership in an auto-advancing clock; close it to leave. */
    public final class Participation implements AutoCloseable {
        private final Thread thread;
        private boolean closed;

        private Participation(Thread thread) {
            this.thread = thread;
        }

        /** Leaves the clock; idempotent. Time may move at once if the others all sleep. */
        @Override
        public void close() {
            lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    participants.remove(thread);
                    nudge();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
