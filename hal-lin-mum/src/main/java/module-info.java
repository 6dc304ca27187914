/**
 * {@code mum://}: a Melexis Universal Master as LIN master, through a Python bridge to the
 * Melexis packages the user installed.
 */
module dev.benchhal.lin.mum {
    requires transitive dev.benchhal;
    requires dev.benchhal.bridge;
    requires org.slf4j;

    exports dev.benchhal.lin.mum;
    // the bridge script beside the driver is read and installed by hal-bridge's PythonBridges and ShellBatchBridge
    opens dev.benchhal.lin.mum to dev.benchhal.bridge;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.lin.mum.MumProvider;
}
