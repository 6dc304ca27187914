package dev.benchhal.psu;

import dev.benchhal.Device;

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
     * @param channel 1-based channel number
     * @return that output
     * @throws IllegalArgumentException for a channel the model does not have
     */
    PowerOutput channel(int channel);

    /** Switches every output off; used by safe-off. */
    void allOutputsOff();

    /** @return {@code true} when {@link #close()} switches the outputs off first */
    boolean safeOffOnClose();
}
