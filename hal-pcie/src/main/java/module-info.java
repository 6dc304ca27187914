/**
 * {@code pcie:}: a PcieHost over sysfs, local, in a directory, remote through a HostShell, or simulated.
 */
module dev.benchhal.pcie.sysfs {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires dev.benchhal.bridge;
    requires org.slf4j;
    requires dev.benchhal.cli.spi;
    // picocli is there when the command line runs, the only place that loads the command
    requires static info.picocli;

    exports dev.benchhal.pcie.sysfs;
    exports dev.benchhal.pcie.sysfs.sim;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.pcie.sysfs.PcieProvider;

    opens dev.benchhal.pcie.sysfs.cli to info.picocli;
    provides dev.benchhal.cli.spi.CommandProvider with dev.benchhal.pcie.sysfs.cli.PcieCommandProvider;
}
