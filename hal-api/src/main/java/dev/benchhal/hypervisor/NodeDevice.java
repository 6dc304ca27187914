package dev.benchhal.hypervisor;

import dev.benchhal.pcie.PcieAddress;

import java.util.Objects;
import java.util.Optional;

/**
 * A host PCI device as the hypervisor lists it.
 *
 * @param name     the hypervisor's name, e.g. {@code pci_0000_01_00_0}
 * @param address  the PCI address
 * @param vendorId 16-bit vendor id
 * @param deviceId 16-bit device id
 * @param driver   the bound host driver, if any ({@code vfio-pci} when detached for passthrough)
 */
public record NodeDevice(String name, PcieAddress address, int vendorId, int deviceId, Optional<String> driver) {
    /**
     * Checks the fields.
     *
     * @param name     the hypervisor's name, e.g. {@code pci_0000_01_00_0}
     * @param address  the PCI address
     * @param vendorId 16-bit vendor id
     * @param deviceId 16-bit device id
     * @param driver   the bound host driver, if any ({@code vfio-pci} when detached for passthrough)
     */
    public NodeDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(driver, "driver");
    }
}
