/**
 * Bench HAL driver test kit: abstract JUnit 5 contract tests per device family, scripted
 * transports and recorders. Driver modules depend on it in test scope.
 */
module dev.benchhal.tck {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires org.assertj.core;

    exports dev.benchhal.tck;
    exports dev.benchhal.tck.transport;
    exports dev.benchhal.tck.ssh;
    exports dev.benchhal.tck.shell;
    exports dev.benchhal.tck.fakes;
    exports dev.benchhal.tck.guest;

    opens dev.benchhal.tck to org.junit.platform.commons;
}
