/**
 * Bench HAL API: device family interfaces, value types, the driver SPI, selection by URI,
 * bench configuration, safety and time.
 */
module dev.benchhal.api {
    requires org.slf4j;
    requires tools.jackson.core;
    requires tools.jackson.dataformat.yaml;

    exports dev.benchhal;
    exports dev.benchhal.bench;
    exports dev.benchhal.bridge;
    exports dev.benchhal.error;
    exports dev.benchhal.hypervisor;
    exports dev.benchhal.lin;
    exports dev.benchhal.pcie;
    exports dev.benchhal.psu;
    exports dev.benchhal.safety;
    exports dev.benchhal.shell;
    exports dev.benchhal.shell.local;
    exports dev.benchhal.spi;
    exports dev.benchhal.time;
    exports dev.benchhal.usb;
    exports dev.benchhal.util;

    uses dev.benchhal.spi.DriverProvider;
    provides dev.benchhal.spi.DriverProvider with dev.benchhal.shell.local.LocalShellProvider;
}
