package dev.benchhal.core.time;

import dev.benchhal.time.BenchClock;

import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.util.Durations;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition on a {@link BenchClock} until it holds or a timeout passes: the one
 * settle/wait loop of Bench HAL. It probes at once, then every {@code interval}, and once more
 * at the deadline, so a condition that becomes true exactly at the limit is still seen.
 *
 * <pre>{@code
 * PcieDevice dev = Await.until(clock, "0000:03:00.0 to appear",
 *         () -> host.device(addr), Optional::isPresent, Duration.ofSeconds(5), Duration.ofMillis(100)).get();
 * }</pre>
 */
public final class Await {

    private Await() {
    }

    /**
     * Waits until {@code condition} returns {@code true}.
     *
     * @param clock     the clock to wait on
     * @param what      what is awaited, for the error message ("the output to switch off")
     * @param condition the probe; called from the calling thread
     * @param timeout   the limit, in the clock's time
     * @param interval  the pause between probes
     * @throws HalTimeoutException when the condition does not hold within the timeout
     */
    public static void until(BenchClock clock, String what, BooleanSupplier condition, Duration timeout, Duration interval) {
        until(clock, what, condition::getAsBoolean, Boolean::booleanValue, timeout, interval);
    }

    /**
     * Waits until {@code done} accepts a value of {@code probe}, and returns that value.
     *
     * @param <T>      the probed value's type
     * @param clock    the clock to wait on
     * @param what     what is awaited, for the error message ("VOUT within 0.05 V of 12 V")
     * @param probe    reads the current value; called from the calling thread
     * @param done     decides whether the value is the one awaited
     * @param timeout  the limit, in the clock's time
     * @param interval the pause between probes; must be positive
     * @return the first accepted value
     * @throws HalTimeoutException naming the last value seen when the limit passes
     */
    public static <T> T until(BenchClock clock, String what, Supplier<? extends T> probe, Predicate<? super T> done,
                              Duration timeout, Duration interval) {
        Objects.requireNonNull(clock, "clock");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + interval);
        }
        long start = clock.nanoTime();
        long limit = timeout.toNanos();
        int probes = 0;
        while (true) {
            T value = probe.get();
            probes++;
            if (done.test(value)) {
                return value;
            }
            long elapsed = clock.nanoTime() - start;
            if (elapsed >= limit) {
                throw new HalTimeoutException(null, what + " did not happen within " + Durations.format(timeout)
                        + " (last seen: " + value + " after " + probes + " probes)");
            }
            clock.sleep(Duration.ofNanos(Math.min(interval.toNanos(), limit - elapsed)));
        }
    }
}
