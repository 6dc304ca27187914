/**
 * {@code owon:}: Owon SPE and ODP programmable supplies over serial or TCP, and their SCPI simulator.
 */
module dev.benchhal.psu.owon {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires org.slf4j;
    requires jssc;

    exports dev.benchhal.psu.owon;
    exports dev.benchhal.psu.owon.sim;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.psu.owon.OwonProvider;
}
