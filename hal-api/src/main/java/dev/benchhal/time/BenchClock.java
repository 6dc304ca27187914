package dev.benchhal.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The one source of time for a bench: every settle loop, retry, {@code waitFor...} and
 * simulator dynamic reads and waits through it, so a simulated bench can run in virtual time
 * (an hour of campaign in milliseconds, the same way every run).
 *
 * <p>Implementations are thread-safe.
 *
 * <p>{@link #system()} is real time; {@code dev.benchhal.core.time.VirtualClock} in {@code hal-core} is
 * virtual time.
 *
 * @see #system()
 */
public interface BenchClock {

    /** @return the current wall-clock instant of this clock */
    Instant now();

    /**
     * A monotonic reading for measuring elapsed time; only differences between two readings of
     * the same clock mean anything.
     *
     * @return nanoseconds since an arbitrary origin
     */
    long nanoTime();

    /**
     * Blocks the calling thread for {@code duration} of this clock's time. A zero or negative
     * duration returns at once.
     *
     * @param duration how long to wait
     * @throws dev.benchhal.error.HalInterruptedException when the thread is interrupted; its
     *         interrupt flag is set again
     */
    void sleep(Duration duration);

    /**
     * Time elapsed since an earlier {@link #nanoTime()} reading.
     *
     * @param startNanos an earlier reading of this clock
     * @return the elapsed duration
     */
    default Duration since(long startNanos) {
        return Duration.ofNanos(nanoTime() - startNanos);
    }

    /** @return the real clock of this JVM ({@link System#nanoTime()}, {@link Thread#sleep}) */
    static BenchClock system() {
        return SystemClock.INSTANCE;
    }
}
