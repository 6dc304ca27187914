package dev.benchhal.bridge;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bridge protocol with small shell scripts as bridges (the MUM driver's tests run the real Python one). */
class JsonLineBridgeTest {

    private static JsonLineBridge bridge(String script, Duration startTimeout) {
        return new JsonLineBridge(new BridgeSettings("test-bridge", List.of("sh", "-c", script), Map.of("GREETING", "hi"),
                startTimeout, true));
    }

    /** Answers every request with its id and the GREETING variable, as a bridge in any language would. */
    private static final String ECHO = "echo '{\"ready\":true,\"protocol\":1,\"tool\":\"sh\"}'; "
            + "while read -r line; do id=$(echo \"$line\" | sed 's/.*\"id\":\\([0-9]*\\).*/\\1/'); "
            + "case \"$line\" in *fail*) echo \"{\\\"id\\\":$id,\\\"ok\\\":false,\\\"error\\\":\\\"NO_RESPONSE\\\","
            + "\\\"message\\\":\\\"nobody home\\\"}\" ;; "
            + "*) echo \"{\\\"id\\\":$id,\\\"ok\\\":true,\\\"result\\\":{\\\"greeting\\\":\\\"$GREETING\\\",\\\"n\\\":[1,2.5,null]}}\" ;; esac; done";

    @Test
    void requestsAndAnswersTravelAsJsonLines() {
        try (JsonLineBridge bridge = bridge(ECHO, Duration.ofSeconds(5))) {
            assertThat(bridge.start()).containsEntry("tool", "sh");
            Map<String, Object> result = bridge.call("hello", Map.of("x", 1), Duration.ofSeconds(5));
            assertThat(result).containsEntry("greeting", "hi");
            assertThat(result.get("n")).isEqualTo(java.util.Arrays.asList(1L, 2.5, null));
            assertThatThrownBy(() -> bridge.call("fail", Map.of(), Duration.ofSeconds(5)))
                    .isInstanceOf(BridgeCallException.class).hasMessage("test-bridge: fail: NO_RESPONSE: nobody home")
                    .extracting(e -> ((BridgeCallException) e).code()).isEqualTo("NO_RESPONSE");
            assertThat(bridge.call("again", Map.of(), Duration.ofSeconds(5))).containsEntry("greeting", "hi");
            assertThat(bridge.starts()).isEqualTo(1);
        }
    }

    @Test
    void aBridgeThatCannotServeSaysWhy() {
        try (JsonLineBridge bridge = bridge("echo '{\"ready\":false,\"error\":\"MISSING_PACKAGE\",\"message\":\"sdk not installed\"}'",
                Duration.ofSeconds(5))) {
            assertThatThrownBy(bridge::start).isInstanceOf(NotFoundException.class).hasMessage("test-bridge: sdk not installed");
        }
    }

    @Test
    void startFailuresAreTyped() {
        try (JsonLineBridge exits = bridge("echo 'cannot import sdk' >&2; exit 4", Duration.ofSeconds(5))) {
            assertThatThrownBy(exits::start).isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("exited before its handshake with code 4").hasMessageContaining("cannot import sdk");
        }
        try (JsonLineBridge silent = bridge("sleep 30", Duration.ofMillis(300))) {
            assertThatThrownBy(silent::start).isInstanceOf(HalTimeoutException.class)
                    .hasMessageContaining("no handshake within 300 ms");
        }
        try (JsonLineBridge garbage = bridge("echo 'Welcome to the SDK'", Duration.ofSeconds(5))) {
            assertThatThrownBy(garbage::start).isInstanceOf(ProtocolException.class).hasMessageContaining("Welcome to the SDK");
        }
        try (JsonLineBridge future = bridge("echo '{\"ready\":true,\"protocol\":2}'", Duration.ofSeconds(5))) {
            assertThatThrownBy(future::start).isInstanceOf(ProtocolException.class).hasMessageContaining("protocol 2");
        }
        JsonLineBridge missing = new JsonLineBridge(new BridgeSettings("test-bridge", List.of("/no/such/interpreter"),
                Map.of(), Duration.ofSeconds(1), true));
        assertThatThrownBy(missing::start).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("cannot start the bridge with /no/such/interpreter");
    }

    @Test
    void jsonLinesRoundTripPlainValues() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("s", "a \"quoted\" \u00e9");
        object.put("i", 42L);
        object.put("d", 0.5);
        object.put("b", true);
        object.put("list", java.util.Arrays.asList(1L, "x", null));
        object.put("map", Map.of("k", "v"));
        String line = JsonLines.encode(object);
        assertThat(line).doesNotContain("\n");
        assertThat(JsonLines.decode(line)).isEqualTo(object);
        assertThatThrownBy(() -> JsonLines.decode("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLines.decode("{\"a\":1} tail")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLines.decode("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    }
}
