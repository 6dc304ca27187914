/**
 * The lab: the lazy test scheduler over a pool of boards, and leases that hold boards (OS file locks on one
 * host, PostgreSQL for many), expiring unless renewed and fenced by token.
 */
module dev.benchhal.lab {
    requires transitive dev.benchhal.core;
    requires dev.benchhal.harness;
    requires org.slf4j;
    requires static transitive org.jspecify;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;

    exports dev.benchhal.lab;
    exports dev.benchhal.lab.lease;
}
