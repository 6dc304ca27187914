/**
 * Bench HAL core: benches and bench files (YAML and JSON), the safety net with its shutdown hook,
 * virtual time, await and settle helpers, and the {@code local:} HostShell.
 */
module dev.benchhal.core {
    requires transitive dev.benchhal;
    requires org.slf4j;
    requires tools.jackson.core;
    requires tools.jackson.dataformat.yaml;

    exports dev.benchhal.core.bench;
    exports dev.benchhal.core.psu;
    exports dev.benchhal.core.safety;
    exports dev.benchhal.core.shell;
    exports dev.benchhal.core.time;
    exports dev.benchhal.core.util;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.core.shell.LocalShellProvider;
    provides dev.benchhal.safety.SafetyNet.Factory with dev.benchhal.core.safety.ShutdownSafetyNet.Factory;
}
