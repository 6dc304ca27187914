package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * A signal group (LIN 1.3 and 2.0): signals that are updated together.
 *
 * @param name    group name
 * @param size    group size in bits
 * @param signals the signals with their offsets in the group
 */
public record SignalGroup(String name, int size, List<PlacedSignal> signals) {

    /**
     * Validates and freezes the parts.
     *
     * @param name    group name
     * @param size    group size in bits
     * @param signals the signals with their offsets in the group
     */
    public SignalGroup {
        Objects.requireNonNull(name, "name");
        signals = List.copyOf(signals);
    }
}
