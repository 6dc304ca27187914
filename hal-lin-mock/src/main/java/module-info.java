import dev.benchhal.lin.mock.NodeBehaviourFactory;

/**
 * {@code lin-mock:}: a LIN bus simulator driven by an LDF, with pluggable node behaviour (the
 * ambient-light module ships), node configuration, power, sleep, faults, schedules and a trace.
 */
module dev.benchhal.lin.mock {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires transitive dev.benchhal.lin.ldf;
    requires org.slf4j;
    requires dev.benchhal.cli.spi;
    // picocli is there when the command line runs, the only place that loads the command
    requires static info.picocli;

    exports dev.benchhal.lin.mock;
    exports dev.benchhal.lin.mock.alm;
    exports dev.benchhal.lin.mock.boot;

    uses NodeBehaviourFactory;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.lin.mock.LinMockProvider;
    provides NodeBehaviourFactory with dev.benchhal.lin.mock.alm.AmbientLightModelFactory,
            dev.benchhal.lin.mock.boot.BootloaderModelFactory;

    opens dev.benchhal.lin.mock.cli to info.picocli;
    provides dev.benchhal.cli.spi.CommandProvider with dev.benchhal.lin.mock.cli.LinCommandProvider;
}
