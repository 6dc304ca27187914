package dev.benchhal.core.psu;

import dev.benchhal.psu.PowerOutput;
import dev.benchhal.psu.PowerSupply;

import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settle-then-validate for any {@link PowerOutput}, as the ECU-test seed's {@code psu_helpers} do:
 * <pre>{@code
 * SettleResult r = Settle.applyVoltageAndSettle(psu, 16.5, Settle.options().validationTime(Duration.ofMillis(200)));
 * log.info("settled in {}, final {} V", r.settleTime(), r.finalVolts());
 * }</pre>
 * The helpers wait on the output's own clock ({@link PowerOutput#clock()}: its bench's, virtual
 * time on a bench of simulators) unless given another.
 * Settle time is load-dependent, never a fixed sleep: the helpers poll the measured voltage on the
 * bench clock. Not settling within the timeout is a {@link HalTimeoutException}, and leaving the
 * tolerance during validation a {@link HalException}; both carry the last reading and how long it
 * took, so a voltage test never asserts against the wrong rail. Stateless and thread-safe.
 */
public final class Settle {

    private Settle() {
    }

    /**
     * How to settle.
     *
     * @param toleranceVolts how close to the target counts as settled (default 0.1 V)
     * @param interval       time between readings (default 50 ms)
     * @param timeout        how long settling may take (default 10 s)
     * @param validationTime how long the rail must then stay within tolerance (default 0: no validation)
     */
    public record Options(double toleranceVolts, Duration interval, Duration timeout, Duration validationTime) {

        /**
         * Validates the parts.
         *
         * @param toleranceVolts how close to the target counts as settled (default 0.1 V)
         * @param interval       time between readings (default 50 ms)
         * @param timeout        how long settling may take (default 10 s)
         * @param validationTime how long the rail must then stay within tolerance (default 0: no validation)
         */
        public Options {
            if (!(toleranceVolts > 0)) {
                throw new IllegalArgumentException("tolerance must be positive volts, not " + toleranceVolts);
            }
            if (interval.isNegative() || interval.isZero() || timeout.isNegative() || validationTime.isNegative()) {
                throw new IllegalArgumentException("interval must be positive and timeout and validation time not negative");
            }
        }

        /**
         * @param volts how close to the target counts as settled, what {@link #toleranceVolts()} reads
         * @return a copy with it
         */
        public Options toleranceVolts(double volts) {
            return new Options(volts, interval, timeout, validationTime);
        }

        /**
         * @param d time between readings
         * @return a copy with it
         */
        public Options interval(Duration d) {
            return new Options(toleranceVolts, d, timeout, validationTime);
        }

        /**
         * @param d how long settling may take
         * @return a copy with it
         */
        public Options timeout(Duration d) {
            return new Options(toleranceVolts, interval, d, validationTime);
        }

        /**
         * @param d how long to validate after settling
         * @return a copy with it
         */
        public Options validationTime(Duration d) {
            return new Options(toleranceVolts, interval, timeout, d);
        }
    }

    /** @return the defaults: 0.1 V, every 50 ms, for up to 10 s, no validation */
    public static Options options() {
        return new Options(0.1, Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ZERO);
    }

    /**
     * Polls the measured voltage until it is within tolerance of the target, then validates.
     *
     * @param output      the output (a supply or one of its channels)
     * @param targetVolts the voltage to wait for
     * @param options     tolerance, interval, timeout, validation time
     * @param clock       the bench clock
     * @return what was seen
     */
    public static SettleResult waitUntilSettled(PowerOutput output, double targetVolts, Options options, BenchClock clock) {
        Objects.requireNonNull(output, "output");
        long start = clock.nanoTime();
        List<SettleResult.Sample> trace = new ArrayList<>();
        double volts;
        while (true) {
            volts = output.measureVoltage();
            Duration at = Duration.ofNanos(clock.nanoTime() - start);
            trace.add(new SettleResult.Sample(at, volts));
            if (Math.abs(volts - targetVolts) <= options.toleranceVolts()) {
                break;
            }
            if (at.compareTo(options.timeout()) >= 0) {
                throw new HalTimeoutException(source(output), String.format(Locale.ROOT,
                        "rail did not settle at %.3f V +- %.3f V within %s; last reading %.3f V after %d readings",
                        targetVolts, options.toleranceVolts(), Durations.format(options.timeout()), volts, trace.size()));
            }
            clock.sleep(options.interval());
        }
        Duration settled = Duration.ofNanos(clock.nanoTime() - start);
        long validationEnd = clock.nanoTime() + options.validationTime().toNanos();
        while (clock.nanoTime() < validationEnd) {
            clock.sleep(Duration.ofNanos(Math.min(options.interval().toNanos(), validationEnd - clock.nanoTime())));
            volts = output.measureVoltage();
            Duration at = Duration.ofNanos(clock.nanoTime() - start);
            trace.add(new SettleResult.Sample(at, volts));
            if (Math.abs(volts - targetVolts) > options.toleranceVolts()) {
                throw new HalException(source(output), String.format(Locale.ROOT,
                        "rail left %.3f V +- %.3f V during validation: %.3f V at %s (settled at %s)", targetVolts,
                        options.toleranceVolts(), volts, Durations.format(at), Durations.format(settled)));
            }
        }
        return new SettleResult(targetVolts, settled, Duration.ofNanos(clock.nanoTime() - start).minus(settled), volts, trace);
    }

    /**
     * Sets the voltage, then {@link #waitUntilSettled waits until settled} and validates.
     *
     * @param output      the output
     * @param targetVolts the voltage to set
     * @param options     tolerance, interval, timeout, validation time
     * @param clock       the bench clock
     * @return what was seen
     */
    public static SettleResult applyVoltageAndSettle(PowerOutput output, double targetVolts, Options options, BenchClock clock) {
        output.setVoltage(targetVolts);
        return waitUntilSettled(output, targetVolts, options, clock);
    }

    /**
     * {@link #waitUntilSettled(PowerOutput, double, Options, BenchClock)} on the output's own clock.
     *
     * @param output      the output (a supply or one of its channels)
     * @param targetVolts the voltage to wait for
     * @param options     tolerance, interval, timeout, validation time
     * @return what was seen
     */
    public static SettleResult waitUntilSettled(PowerOutput output, double targetVolts, Options options) {
        return waitUntilSettled(output, targetVolts, options, output.clock());
    }

    /**
     * {@link #applyVoltageAndSettle(PowerOutput, double, Options, BenchClock)} on the output's own clock.
     *
     * @param output      the output
     * @param targetVolts the voltage to set
     * @param options     tolerance, interval, timeout, validation time
     * @return what was seen
     */
    public static SettleResult applyVoltageAndSettle(PowerOutput output, double targetVolts, Options options) {
        return applyVoltageAndSettle(output, targetVolts, options, output.clock());
    }

    private static String source(PowerOutput output) {
        return output instanceof PowerSupply ? ((PowerSupply) output).uri().toString() : "channel " + output.channel();
    }
}
