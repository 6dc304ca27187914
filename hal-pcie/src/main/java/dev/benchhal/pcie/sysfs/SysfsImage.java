package dev.benchhal.pcie.sysfs;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One read of a PCI sysfs tree: every device directory and every hotplug slot.
 *
 * @param source  where it was read, for error messages ({@code /sys/bus/pci/devices}, {@code ssh://rig/sys/bus/pci/devices})
 * @param devices the device directories in address order
 * @param slots   slot name to its files: the address ({@code 0000:02:00}: domain, bus, device), power, adapter
 * @param unreadable what could not be read, each naming the file or directory and why (a device left
 *                   out, a named pipe where a file belongs, a truncated configuration space)
 */
public record SysfsImage(String source, List<DeviceFiles> devices, Map<String, SlotFiles> slots, List<String> unreadable) {

    /**
     * Freezes the collections.
     *
     * @param source  where it was read, for error messages ({@code /sys/bus/pci/devices}, {@code ssh://rig/sys/bus/pci/devices})
     * @param devices the device directories in address order
     * @param slots   slot name to its files: the address ({@code 0000:02:00}: domain, bus, device), power, adapter
     * @param unreadable what could not be read, each naming the file or directory and why (a device left
     *                   out, a named pipe where a file belongs, a truncated configuration space)
     */
    public SysfsImage {
        Objects.requireNonNull(source, "source");
        devices = List.copyOf(devices);
        slots = Map.copyOf(slots);
        unreadable = List.copyOf(unreadable);
    }

}
