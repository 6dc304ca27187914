/**
 * Bench HAL API: the device families and their value types, errors, device URIs, the driver SPI
 * (providers, specs, contexts, the registry), the bench clock and safe states. Depends on
 * slf4j-api only: nothing in it runs a process, parses YAML or writes JSON.
 */
module dev.benchhal {
    requires org.slf4j;
    // @Nullable marks what may be null; the annotations are not needed at run time
    requires static org.jspecify;

    exports dev.benchhal;
    exports dev.benchhal.error;
    exports dev.benchhal.hypervisor;
    exports dev.benchhal.lin;
    exports dev.benchhal.pcie;
    exports dev.benchhal.psu;
    exports dev.benchhal.safety;
    exports dev.benchhal.shell;
    exports dev.benchhal.spi;
    exports dev.benchhal.time;
    exports dev.benchhal.usb;
    exports dev.benchhal.util;

    uses dev.benchhal.spi.DriverProvider;
    uses dev.benchhal.safety.SafetyNet.Factory;
}
