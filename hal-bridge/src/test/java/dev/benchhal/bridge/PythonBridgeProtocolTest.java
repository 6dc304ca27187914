package dev.benchhal.bridge;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.core.time.Await;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** benchhal_bridge.py, the protocol module of every Python bridge, with real Python and a probe bridge. */
class PythonBridgeProtocolTest {

    private static final Duration CALL = Duration.ofSeconds(10);

    private static BridgeSettings probe(Map<String, String> extraEnvironment) {
        BridgeSettings settings = PythonBridges.settings("probe", PythonBridgeProtocolTest.class, "probe_bridge.py",
                "python3", Optional.empty(), Duration.ofSeconds(20), true);
        Map<String, String> environment = new LinkedHashMap<>(settings.environment());
        environment.putAll(extraEnvironment);
        return new BridgeSettings(settings.source(), settings.command(), environment, settings.startTimeout(),
                settings.restartOnFailure());
    }

    /** stderr reaches the log through its own reader thread, a little after the answer on stdout. */
    private static void awaitStderr(JsonLineBridge bridge, String text) {
        Await.until(BenchClock.system(), "\"" + text + "\" on the bridge's stderr", () -> bridge.stderrTail().contains(text),
                Duration.ofSeconds(10), Duration.ofMillis(10));
    }

    @Test
    void theScriptRunsBesideTheProtocolModuleInADirectoryOnlyThisUserCanWrite() throws IOException {
        Path script = PythonBridges.script(PythonBridgeProtocolTest.class, "probe_bridge.py");
        Path directory = script.getParent();
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("benchhal_bridge.py", "probe_bridge.py");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PythonBridges.script(PythonBridgeProtocolTest.class, "probe_bridge.py")).as("written once").isEqualTo(script);
        try (JsonLineBridge bridge = new JsonLineBridge(probe(Map.of()))) {
            assertThat(bridge.call("echo", Map.of("text", "hello"), CALL))
                    .containsEntry("text", "hello").containsEntry("where", directory.toString());
        }
    }

    @Test
    void theHandshakeNamesTheProtocolPythonAndTheBridge() {
        try (JsonLineBridge bridge = new JsonLineBridge(probe(Map.of()))) {
            assertThat(bridge.start()).containsEntry("protocol", 1L).containsEntry("bridge", "probe")
                    .hasEntrySatisfying("python", v -> assertThat(v.toString()).matches("3\\.\\d+\\.\\d+"));
        }
    }

    @Test
    void everyKindOfFailureIsAnAnswerAndTheBridgeServesOn() {
        try (JsonLineBridge bridge = new JsonLineBridge(probe(Map.of()))) {
            assertThat(bridge.call("chatter", Map.of(), CALL)).as("printing does not corrupt the protocol")
                    .containsEntry("quiet", true);
            awaitStderr(bridge, "noise from the vendor package");
            assertThatThrownBy(() -> bridge.call("refuse", Map.of(), CALL)).isInstanceOf(BridgeCallException.class)
                    .hasMessage("probe: refuse: BUSY: the device is busy");
            assertThatThrownBy(() -> bridge.call("silent.slave", Map.of(), CALL)).as("classified")
                    .isInstanceOf(BridgeCallException.class).extracting(e -> ((BridgeCallException) e).code())
                    .isEqualTo("NO_RESPONSE");
            assertThatThrownBy(() -> bridge.call("crash", Map.of(), CALL)).isInstanceOf(BridgeCallException.class)
                    .hasMessageContaining("DEVICE_ERROR: RuntimeError: the SDK fell over");
            assertThatThrownBy(() -> bridge.call("echo", Map.of(), CALL)).isInstanceOf(BridgeCallException.class)
                    .hasMessageContaining("BAD_REQUEST: missing parameter 'text'");
            assertThatThrownBy(() -> bridge.call("launch", Map.of(), CALL)).isInstanceOf(BridgeCallException.class)
                    .hasMessageContaining("UNKNOWN_OP: unknown operation 'launch'");
            assertThat(bridge.call("ping", Map.of(), CALL)).isEmpty();
            assertThat(bridge.starts()).as("no failure above restarted the bridge").isEqualTo(1);
            awaitStderr(bridge, "RuntimeError: the SDK fell over");
            assertThat(bridge.stderrTail()).contains("Traceback (most recent call last)");
        }
    }

    @Test
    void aMissingVendorPackageRefusesTheHandshakeWithAdvice() {
        try (JsonLineBridge bridge = new JsonLineBridge(probe(Map.of("PROBE_SDK_MISSING", "1")))) {
            assertThatThrownBy(bridge::start).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("benchhal_probe_sdk_that_is_not_installed is not importable by")
                    .hasMessageContaining("install the probe SDK");
        }
    }

    @Test
    void scriptNamesArePlainPythonFileNames() {
        assertThatThrownBy(() -> PythonBridges.script(PythonBridgeProtocolTest.class, "../probe_bridge.py"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../probe_bridge.py");
        assertThatThrownBy(() -> PythonBridges.script(PythonBridgeProtocolTest.class, "benchhal_bridge.py"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protocol module");
        assertThatThrownBy(() -> PythonBridges.script(PythonBridgeProtocolTest.class, "absent_bridge.py"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("absent_bridge.py is missing next to");
    }
}
