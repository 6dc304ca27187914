package dev.benchhal.core.psu;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Settle} saw: how long the rail took to come within tolerance, how long it was then
 * held and checked, the last reading, and every reading with its time.
 *
 * @param targetVolts    the voltage asked for
 * @param settleTime     from the start until the first reading within tolerance
 * @param validationTime how long the rail was then checked to stay within tolerance
 * @param finalVolts     the last reading
 * @param trace          every reading, oldest first
 */
public record SettleResult(double targetVolts, Duration settleTime, Duration validationTime, double finalVolts,
                           List<Sample> trace) {

    /**
     * One reading.
     *
     * @param at    time since the start
     * @param volts the measured voltage
     */
    public record Sample(Duration at, double volts) {
    }

    /**
     * Freezes the parts.
     *
     * @param targetVolts    the voltage asked for
     * @param settleTime     from the start until the first reading within tolerance
     * @param validationTime how long the rail was then checked to stay within tolerance
     * @param finalVolts     the last reading
     * @param trace          every reading, oldest first
     */
    public SettleResult {
        Objects.requireNonNull(settleTime, "settleTime");
        Objects.requireNonNull(validationTime, "validationTime");
        trace = List.copyOf(trace);
    }
}
