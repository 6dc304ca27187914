package dev.benchhal.pcie.sysfs;

import java.util.Objects;
import java.util.Optional;

/**
 * What one read of a slot directory ({@code /sys/bus/pci/slots/NAME}) found.
 *
 * @param address the {@code address} file: domain, bus and device ({@code 0000:02:00}), white space removed, lower case
 * @param power   the {@code power} file of a hot-plug slot ({@code 1} or {@code 0})
 * @param adapter the {@code adapter} file of a hot-plug slot: {@code 1} when a card is present
 */
public record SlotFiles(String address, Optional<String> power, Optional<String> adapter) {

    /**
     * Checks the parts.
     *
     * @param address the {@code address} file: domain, bus and device ({@code 0000:02:00}), white space removed, lower case
     * @param power   the {@code power} file of a hot-plug slot ({@code 1} or {@code 0})
     * @param adapter the {@code adapter} file of a hot-plug slot: {@code 1} when a card is present
     */
    public SlotFiles {
        address = address.strip().toLowerCase(java.util.Locale.ROOT);
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(adapter, "adapter");
    }

    /** The attribute files of a slot directory the driver reads besides {@code address}. */
    static final java.util.List<String> ATTRIBUTES = java.util.List.of("power", "adapter");

    /**
     * @param address the address file's content
     * @return a slot of which only the address is known
     */
    public static SlotFiles at(String address) {
        return new SlotFiles(address, Optional.empty(), Optional.empty());
    }

    /**
     * @param name    an attribute ({@code power}, {@code adapter})
     * @param value   its content
     * @return this read with that attribute
     */
    SlotFiles with(String name, String value) {
        return switch (name) {
            case "power" -> new SlotFiles(address, Optional.of(value), adapter);
            case "adapter" -> new SlotFiles(address, power, Optional.of(value));
            default -> this;
        };
    }
}
