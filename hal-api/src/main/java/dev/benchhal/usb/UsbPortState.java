package dev.benchhal.usb;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A port's state at one moment.
 *
 * @param port  0-based port
 * @param flags the state bits that are set
 * @param volts VBUS voltage in volts
 * @param amps  VBUS current in amperes
 */
public record UsbPortState(int port, Set<UsbPortFlag> flags, double volts, double amps) {

    /**
     * Validates and freezes.
     *
     * @param port  0-based port
     * @param flags the state bits that are set
     * @param volts VBUS voltage in volts
     * @param amps  VBUS current in amperes
     */
    public UsbPortState {
        Objects.requireNonNull(flags, "flags");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    /** @return {@code true} when VBUS is on and USB 2 data connected, which hubs call "enabled" */
    public boolean enabled() {
        return flags.contains(UsbPortFlag.VBUS_ON) && flags.contains(UsbPortFlag.USB2_DATA_ON);
    }

    /** @return {@code true} when VBUS is on */
    public boolean powered() {
        return flags.contains(UsbPortFlag.VBUS_ON);
    }
}
