package dev.benchhal.time;

import dev.benchhal.error.HalInterruptedException;

import java.time.Duration;
import java.time.Instant;

/** The JVM's real time. */
final class SystemClock implements BenchClock {

    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(null, "interrupted while sleeping " + duration, e);
        }
    }

    @Override
    public String toString() {
        return "BenchClock.system()";
    }
}
