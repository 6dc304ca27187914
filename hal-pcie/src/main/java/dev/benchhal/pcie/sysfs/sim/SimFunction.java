package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.sysfs.BusRange;

import java.util.Objects;
import java.util.Optional;

/**
 * One simulated PCI function: what its sysfs files and configuration space say.
 *
 * @param address     where it enumerates
 * @param parent      the bridge above it, empty on a root bus
 * @param vendorId    vendor id
 * @param deviceId    device id
 * @param classCode   24-bit class code
 * @param driver      the bound driver's name
 * @param portType    PCI Express device/port type (0 endpoint, 4 root port, 5 upstream, 6 downstream, 9 root
 *                    complex integrated endpoint, -1 conventional PCI: no PCI Express capability)
 * @param maxGtsCode  Link Capabilities speed code (1 = 2.5 GT/s ... 6 = 64 GT/s)
 * @param maxWidth    Link Capabilities width
 * @param gtsCode     trained speed code (may be below the maximum: a degraded link)
 * @param width       trained width
 * @param slot        the hot-plug slot this function sits in, if any
 * @param iommuGroup  its IOMMU group
 * @param numaNode    its NUMA node, -1 for none
 * @param buses       the buses behind it, for a bridge
 */
public record SimFunction(PcieAddress address, Optional<PcieAddress> parent, int vendorId, int deviceId, int classCode,
                          Optional<String> driver, int portType, int maxGtsCode, int maxWidth, int gtsCode, int width,
                          Optional<String> slot, int iommuGroup, int numaNode,
                          Optional<BusRange> buses) {

    /**
     * Checks the fields.
     *
     * @param address     where it enumerates
     * @param parent      the bridge above it, empty on a root bus
     * @param vendorId    vendor id
     * @param deviceId    device id
     * @param classCode   24-bit class code
     * @param driver      the bound driver's name
     * @param portType    PCI Express device/port type (0 endpoint, 4 root port, 5 upstream, 6 downstream, 9 root
     *                    complex integrated endpoint, -1 conventional PCI: no PCI Express capability)
     * @param maxGtsCode  Link Capabilities speed code (1 = 2.5 GT/s ... 6 = 64 GT/s)
     * @param maxWidth    Link Capabilities width
     * @param gtsCode     trained speed code (may be below the maximum: a degraded link)
     * @param width       trained width
     * @param slot        the hot-plug slot this function sits in, if any
     * @param iommuGroup  its IOMMU group
     * @param numaNode    its NUMA node, -1 for none
     * @param buses       the buses behind it, for a bridge
     */
    public SimFunction {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(buses, "buses");
    }

    /** @return whether it is a PCI-to-PCI bridge (root port, switch port) */
    public boolean isBridge() {
        return dev.benchhal.pcie.PcieDevice.isBridgeClass(classCode);
    }

    /** @return whether it has a link in its PCI Express capability */
    public boolean hasLink() {
        return portType >= 0 && portType != 9 && portType != 10;
    }
}
