package dev.benchhal.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a bridge.
 *
 * @param source           what the bridge serves, for messages and logs ({@code mum://192.168.7.2/lin0})
 * @param command          the program and its arguments ({@code python3 -u /tmp/mum_bridge.py})
 * @param environment      variables added to the bridge's environment ({@code PYTHONPATH})
 * @param startTimeout     how long the start-up handshake may take
 * @param restartOnFailure whether the next call starts a new bridge after one crashed, hung or printed garbage
 */
public record BridgeSettings(String source, List<String> command, Map<String, String> environment,
                             Duration startTimeout, boolean restartOnFailure) {

    /**
     * Validates and freezes the parts.
     *
     * @param source           what the bridge serves, for messages and logs ({@code mum://192.168.7.2/lin0})
     * @param command          the program and its arguments ({@code python3 -u /tmp/mum_bridge.py})
     * @param environment      variables added to the bridge's environment ({@code PYTHONPATH})
     * @param startTimeout     how long the start-up handshake may take
     * @param restartOnFailure whether the next call starts a new bridge after one crashed, hung or printed garbage
     */
    public BridgeSettings {
        Objects.requireNonNull(source, "source");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a bridge needs a command");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(startTimeout, "startTimeout");
    }
}
