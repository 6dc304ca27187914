package dev.benchhal.psu;

import dev.benchhal.Device;
import dev.benchhal.time.BenchClock;

import java.util.List;

/**
 * A programmable DC power supply. The {@link PowerOutput} methods act on channel 1; multi-output
 * models give the other channels through {@link #channel(int)}.
 *
 * <pre>{@code
 * try (PowerSupply psu = drivers.open("owon:sim:SPE6103", PowerSupply.class)) {
 *     psu.setVoltage(13.5);
 *     psu.setCurrent(2.0);
 *     psu.setOutput(true);
 *     double v = psu.measureVoltage();
 * }   // output off: safeOffOnClose is on by default
 * }</pre>
 *
 * <p>Safety: with {@code safeOffOnClose} (the default) every output is switched off on
 * {@link #close()}, when the owning code fails (see {@link dev.benchhal.safety.SafetyNet}) and from
 * the JVM shutdown hook. Drivers verify the instrument's identity before any set command.
 * Thread-safe: one command in flight at a time.
 */
public interface PowerSupply extends Device, PowerOutput {

    /** @return vendor, model, serial and firmware as the instrument reported them */
    PsuIdentity identity();

    /** @return the model's ratings, used to clamp and validate setpoints */
    PsuRatings ratings();

    /** @return the outputs, channel 1 first */
    List<PowerOutput> channels();

    /**
     * One output, from {@link #channels()}: drivers need not implement it.
     *
     * @param channel 1-based channel number
     * @return that output
     * @throws IllegalArgumentException naming the supply and its channels, for a channel it does not have
     */
    default PowerOutput channel(int channel) {
        List<PowerOutput> outputs = channels();
        if (channel < 1 || channel > outputs.size()) {
            throw new IllegalArgumentException(uri() + ": the supply has channels 1.." + outputs.size() + ", not " + channel);
        }
        return outputs.get(channel - 1);
    }

    /** Switches every output off; used by safe-off. */
    void allOutputsOff();

    /** @return {@code true} when {@link #close()} switches the outputs off first */
    boolean safeOffOnClose();

    // ---- the supply as its own PowerOutput: channel 1, in one place for every driver ----

    /** @return the supply's clock (a supply is a {@link Device} and its own first output) */
    @Override
    default BenchClock clock() {
        return Device.super.clock();
    }

    /** @return 1: the supply itself stands for its first output */
    @Override
    default int channel() {
        return 1;
    }

    /** Sets channel 1's voltage; see {@link PowerOutput#setVoltage(double)}. */
    @Override
    default void setVoltage(double volts) {
        channel(1).setVoltage(volts);
    }

    /** @return channel 1's voltage setpoint in volts */
    @Override
    default double voltageSetpoint() {
        return channel(1).voltageSetpoint();
    }

    /** Sets channel 1's current limit; see {@link PowerOutput#setCurrent(double)}. */
    @Override
    default void setCurrent(double amps) {
        channel(1).setCurrent(amps);
    }

    /** @return channel 1's current setpoint in amperes */
    @Override
    default double currentSetpoint() {
        return channel(1).currentSetpoint();
    }

    /** Sets channel 1's over-voltage protection; see {@link PowerOutput#setOverVoltageLimit(double)}. */
    @Override
    default void setOverVoltageLimit(double volts) {
        channel(1).setOverVoltageLimit(volts);
    }

    /** @return channel 1's over-voltage protection in volts */
    @Override
    default double overVoltageLimit() {
        return channel(1).overVoltageLimit();
    }

    /** Sets channel 1's over-current protection; see {@link PowerOutput#setOverCurrentLimit(double)}. */
    @Override
    default void setOverCurrentLimit(double amps) {
        channel(1).setOverCurrentLimit(amps);
    }

    /** @return channel 1's over-current protection in amperes */
    @Override
    default double overCurrentLimit() {
        return channel(1).overCurrentLimit();
    }

    /** Switches channel 1's output; see {@link PowerOutput#setOutput(boolean)}. */
    @Override
    default void setOutput(boolean on) {
        channel(1).setOutput(on);
    }

    /** @return whether channel 1's output is on */
    @Override
    default boolean isOutputOn() {
        return channel(1).isOutputOn();
    }

    /** @return channel 1's measured voltage in volts */
    @Override
    default double measureVoltage() {
        return channel(1).measureVoltage();
    }

    /** @return channel 1's measured current in amperes */
    @Override
    default double measureCurrent() {
        return channel(1).measureCurrent();
    }

    /** @return channel 1's measured power in watts */
    @Override
    default double measurePower() {
        return channel(1).measurePower();
    }

    /** @return one reading of channel 1; see {@link PowerOutput#measure()} */
    @Override
    default PsuMeasurement measure() {
        return channel(1).measure();
    }
}
