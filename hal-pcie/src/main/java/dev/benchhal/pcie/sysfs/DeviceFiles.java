package dev.benchhal.pcie.sysfs;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one read of a device's sysfs directory found: the attribute files the driver uses, the
 * targets of its {@code driver} and {@code iommu_group} links, its resolved path (which names its
 * parent bridge) and its configuration space as far as it was readable.
 *
 * @param name        the directory name, {@code 0000:02:00.0}
 * @param realPath    the resolved directory, {@code /sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0}
 * @param attributes  attribute file name to its content, trailing whitespace removed
 * @param driver      the bound driver's name
 * @param iommuGroup  the IOMMU group's name
 * @param config      configuration space as read: the header fields and capability chain the driver uses,
 *                    or all of the first 256 bytes (a remote host); bytes not read are zero
 */
public record DeviceFiles(String name, String realPath, Map<String, String> attributes, Optional<String> driver,
                          Optional<String> iommuGroup, Optional<byte[]> config) {

    /**
     * Freezes the maps.
     *
     * @param name        the directory name, {@code 0000:02:00.0}
     * @param realPath    the resolved directory, {@code /sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0}
     * @param attributes  attribute file name to its content, trailing whitespace removed
     * @param driver      the bound driver's name
     * @param iommuGroup  the IOMMU group's name
     * @param config      configuration space as read: the header fields and capability chain the driver uses,
     *                    or all of the first 256 bytes (a remote host); bytes not read are zero
     */
    public DeviceFiles {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(realPath, "realPath");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(iommuGroup, "iommuGroup");
        config = config.map(byte[]::clone);
    }

    /** @return a copy of the configuration bytes read */
    @Override
    public Optional<byte[]> config() {
        return config.map(byte[]::clone);
    }

    /**
     * @param file an attribute file name
     * @return its content, when the file exists
     */
    public Optional<String> attribute(String file) {
        return Optional.ofNullable(attributes.get(file));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceFiles f && name.equals(f.name) && realPath.equals(f.realPath)
                && attributes.equals(f.attributes) && driver.equals(f.driver) && iommuGroup.equals(f.iommuGroup)
                && config.isPresent() == f.config.isPresent()
                && (config.isEmpty() || Arrays.equals(config.get(), f.config.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, realPath, attributes, driver, iommuGroup);
    }
}
