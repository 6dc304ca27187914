package dev.benchhal.pcie;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the concentrator dump shows of one host, taken in one go (one round trip on a
 * remote host).
 *
 * @param label      a name for the header, e.g. the bench role
 * @param takenAt    when, in bench time
 * @param cpu        the CPU summary, if {@code /proc/cpuinfo} was readable
 * @param devices    every PCI function, in address order
 * @param lspciTree  the lines of {@code lspci -tv}, empty when not probed or not installed
 * @param baseboard  the lines of {@code dmidecode -t baseboard} when it succeeded
 */
public record HostSnapshot(String label, Instant takenAt, Optional<CpuSummary> cpu, List<PcieDevice> devices,
                           List<String> lspciTree, Optional<List<String>> baseboard) {

    /**
     * Freezes the lists.
     *
     * @param label      a name for the header, e.g. the bench role
     * @param takenAt    when, in bench time
     * @param cpu        the CPU summary, if {@code /proc/cpuinfo} was readable
     * @param devices    every PCI function, in address order
     * @param lspciTree  the lines of {@code lspci -tv}, empty when not probed or not installed
     * @param baseboard  the lines of {@code dmidecode -t baseboard} when it succeeded
     */
    public HostSnapshot {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(cpu, "cpu");
        devices = List.copyOf(devices);
        lspciTree = List.copyOf(lspciTree);
        baseboard = baseboard.map(List::copyOf);
    }

    /** @return the devices that report link width and speed */
    public List<PcieDevice> devicesWithLinks() {
        return devices.stream().filter(d -> d.link().isPresent()).toList();
    }

    /** @return the wireless network controllers (class 0x028x) */
    public List<PcieDevice> wirelessDevices() {
        return devices.stream().filter(PcieDevice::isWireless).toList();
    }
}
