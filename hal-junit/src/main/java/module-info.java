/**
 * The JUnit 5 extension that gives tests their bench: {@link dev.benchhal.junit.BenchTest}, devices
 * by type and {@link dev.benchhal.junit.Role}, gates and a powered bench for the run.
 */
module dev.benchhal.junit {
    requires transitive dev.benchhal.core;
    requires transitive org.junit.jupiter.api;
    requires org.slf4j;
    requires tools.jackson.databind;

    exports dev.benchhal.junit;
}
