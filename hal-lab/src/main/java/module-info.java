/**
 * The lab: the lazy test scheduler over a pool of boards, and leases that hold boards (OS file locks on one
 * host, PostgreSQL for many), expiring unless renewed and fenced by token.
 */
module dev.benchhal.lab {
    requires transitive dev.benchhal.core;
    requires transitive dev.benchhal.harness;
    requires org.slf4j;
    requires static org.jspecify;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires dev.benchhal.cli.spi;
    // picocli is there when the command line runs, the only place that loads the command
    requires static info.picocli;

    exports dev.benchhal.lab;
    exports dev.benchhal.lab.lease;

    opens dev.benchhal.lab.cli to info.picocli;
    provides dev.benchhal.cli.spi.CommandProvider with dev.benchhal.lab.cli.LabCommandProvider;
}
