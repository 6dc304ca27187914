package dev.benchhal.psu;

import dev.benchhal.time.BenchClock;

/**
 * One output (channel) of a power supply. Setpoints are what was asked for and never share a
 * name with readbacks, which the instrument measures.
 *
 * <p>Setters verify by read-back: when the instrument reports another value than the one set
 * (beyond its resolution) the call throws {@link dev.benchhal.error.ProtocolException}. Values
 * outside the model's ratings throw {@link IllegalArgumentException} before anything is sent.
 * All methods are thread-safe and block for one command round trip.
 */
public interface PowerOutput {

    /** @return the 1-based channel number; 1 on single-output supplies */
    int channel();

    /**
     * @return the clock the output's supply waits on (see {@link dev.benchhal.Device#clock()}); the
     *         default is the system clock
     */
    default BenchClock clock() {
        return BenchClock.system();
    }

    /**
     * Sets the voltage setpoint.
     *
     * @param volts 0..rated voltage
     */
    void setVoltage(double volts);

    /** @return the voltage setpoint in volts, as the instrument reports it */
    double voltageSetpoint();

    /**
     * Sets the current setpoint (the current limit in constant-voltage mode).
     *
     * @param amps 0..rated current
     */
    void setCurrent(double amps);

    /** @return the current setpoint in amperes */
    double currentSetpoint();

    /**
     * Sets the over-voltage protection limit; the output trips off above it.
     *
     * @param volts 0..rated voltage (instruments may allow a small margin above)
     */
    void setOverVoltageLimit(double volts);

    /** @return the over-voltage protection limit in volts */
    double overVoltageLimit();

    /**
     * Sets the over-current protection limit; the output trips off above it.
     *
     * @param amps 0..rated current
     */
    void setOverCurrentLimit(double amps);

    /** @return the over-current protection limit in amperes */
    double overCurrentLimit();

    /**
     * Switches the output.
     *
     * @param on {@code true} to enable
     */
    void setOutput(boolean on);

    /** @return {@code true} when the output is enabled */
    boolean isOutputOn();

    /** @return the measured output voltage in volts */
    double measureVoltage();

    /** @return the measured output current in amperes */
    double measureCurrent();

    /** @return the measured output power in watts */
    double measurePower();

    /** @return voltage, current and power measured together (one round trip where the instrument allows) */
    PsuMeasurement measure();
}
