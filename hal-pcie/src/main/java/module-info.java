/**
 * {@code pcie:}: a PcieHost over sysfs, local, in a directory, remote through a HostShell, or simulated.
 */
module dev.benchhal.pcie.sysfs {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires dev.benchhal.bridge;
    requires org.slf4j;

    exports dev.benchhal.pcie.sysfs;
    exports dev.benchhal.pcie.sysfs.sim;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.pcie.sysfs.PcieProvider;
}
