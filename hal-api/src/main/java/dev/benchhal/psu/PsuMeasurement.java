package dev.benchhal.psu;

import java.time.Instant;

/**
 * One reading of an output.
 *
 * @param volts measured voltage in volts
 * @param amps  measured current in amperes
 * @param watts measured (or computed V * I) power in watts
 * @param at    when it was taken, in bench time
 */
public record PsuMeasurement(double volts, double amps, double watts, Instant at) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.3f V %.3f A %.3f W at %s", volts, amps, watts, at);
    }
}
