package dev.benchhal.pcie;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One PCI function as the host sees it now.
 *
 * @param address           its address
 * @param vendorId          16-bit vendor id
 * @param deviceId          16-bit device id
 * @param subsystemVendorId 16-bit subsystem vendor id
 * @param subsystemId       16-bit subsystem device id
 * @param classCode         24-bit class code (0x028000 is a wireless network controller)
 * @param revision          revision id
 * @param driver            the bound kernel driver, if any
 * @param numaNode          NUMA node, or -1 when unknown
 * @param iommuGroup        IOMMU group, if the platform has one
 * @param parent            the upstream bridge, empty for devices on a root bus
 * @param slot              the physical slot name, if the platform reports one
 * @param link              link speed and width, if the device has a PCI Express link
 * @param aer               AER counters, where present
 * @param vendorName        vendor name from {@code pci.ids}, if installed
 * @param deviceName        device name from {@code pci.ids}, if installed
 */
public record PcieDevice(PcieAddress address, int vendorId, int deviceId, int subsystemVendorId, int subsystemId,
                         int classCode, int revision, Optional<String> driver, int numaNode, OptionalInt iommuGroup,
                         Optional<PcieAddress> parent, Optional<String> slot, Optional<PcieLink> link,
                         Optional<AerCounters> aer, Optional<String> vendorName, Optional<String> deviceName) {

    /**
     * Checks that nothing is null.
     *
     * @param address           its address
     * @param vendorId          16-bit vendor id
     * @param deviceId          16-bit device id
     * @param subsystemVendorId 16-bit subsystem vendor id
     * @param subsystemId       16-bit subsystem device id
     * @param classCode         24-bit class code (0x028000 is a wireless network controller)
     * @param revision          revision id
     * @param driver            the bound kernel driver, if any
     * @param numaNode          NUMA node, or -1 when unknown
     * @param iommuGroup        IOMMU group, if the platform has one
     * @param parent            the upstream bridge, empty for devices on a root bus
     * @param slot              the physical slot name, if the platform reports one
     * @param link              link speed and width, if the device has a PCI Express link
     * @param aer               AER counters, where present
     * @param vendorName        vendor name from {@code pci.ids}, if installed
     * @param deviceName        device name from {@code pci.ids}, if installed
     */
    public PcieDevice {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(iommuGroup, "iommuGroup");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(aer, "aer");
        Objects.requireNonNull(vendorName, "vendorName");
        Objects.requireNonNull(deviceName, "deviceName");
    }

    /**
     * @param newLink the link as now known (with its other end)
     * @return this device with that link
     */
    public PcieDevice withLink(PcieLink newLink) {
        return new PcieDevice(address, vendorId, deviceId, subsystemVendorId, subsystemId, classCode, revision, driver,
                numaNode, iommuGroup, parent, slot, Optional.of(newLink), aer, vendorName, deviceName);
    }

    /** Class and subclass (the top 16 bits of the class code) of a PCI-to-PCI bridge. */
    public static final int PCI_BRIDGE_CLASS = 0x0604;

    /**
     * @param classCode a 24-bit class code
     * @return {@code true} for a PCI-to-PCI bridge (class 0x0604), whose children sit behind it
     */
    public static boolean isBridgeClass(int classCode) {
        return classCode >> 8 == PCI_BRIDGE_CLASS;
    }

    /** @return {@code true} for class 0x0604 (PCI-to-PCI bridge), whose children sit behind it */
    public boolean isBridge() {
        return isBridgeClass(classCode);
    }

    /** @return {@code true} for class 0x028x (network controller, wireless) */
    public boolean isWireless() {
        return classCode >> 12 == 0x028;
    }

    /** @return {@code vvvv:dddd} in lower-case hex */
    public String vendorDevice() {
        return String.format("%04x:%04x", vendorId, deviceId);
    }

    @Override
    public String toString() {
        return address + " [" + String.format("%06x", classCode) + "] " + vendorDevice()
                + driver.map(d -> " driver=" + d).orElse("") + link.map(l -> " " + l).orElse("");
    }
}
