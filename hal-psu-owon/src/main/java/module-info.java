/**
 * {@code owon:}: Owon SPE and ODP programmable supplies over serial or TCP, and their SCPI simulator.
 */
module dev.benchhal.psu.owon {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires org.slf4j;
    requires dev.benchhal.cli.spi;
    // picocli is there when the command line runs, the only place that loads the command
    requires static info.picocli;
    requires jssc;

    exports dev.benchhal.psu.owon;
    exports dev.benchhal.psu.owon.sim;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.psu.owon.OwonProvider;

    opens dev.benchhal.psu.owon.cli to info.picocli;
    provides dev.benchhal.cli.spi.CommandProvider with dev.benchhal.psu.owon.cli.PsuCommandProvider;
}
