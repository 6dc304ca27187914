/**
 * {@code acroname:}: Acroname BrainStem USB hubs through Acroname's Python SDK (bridge), discovery
 * with usb4java, and a simulator. usb4java's native loader works only on the classpath: on the
 * module path discovery finds nothing (and says why in the log); control and the simulator work.
 */
module dev.benchhal.usb.acroname {
    requires transitive dev.benchhal;
    requires dev.benchhal.bridge;
    requires org.slf4j;
    requires dev.benchhal.cli.spi;
    // picocli is there when the command line runs, the only place that loads the command
    requires static info.picocli;
    requires static usb4java;

    exports dev.benchhal.usb.acroname;
    // the bridge script beside the driver is read and installed by hal-bridge's PythonBridges and ShellBatchBridge
    opens dev.benchhal.usb.acroname to dev.benchhal.bridge;
    exports dev.benchhal.usb.acroname.sim;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.usb.acroname.AcronameProvider;

    opens dev.benchhal.usb.acroname.cli to info.picocli;
    provides dev.benchhal.cli.spi.CommandProvider with dev.benchhal.usb.acroname.cli.HubCommandProvider;
}
