package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * One line of {@code Signal_representation}: which signals an encoding type applies to.
 *
 * @param encoding encoding type name
 * @param signals  signal names
 */
public record SignalRepresentation(String encoding, List<String> signals) {

    /**
     * Validates and freezes the parts.
     *
     * @param encoding encoding type name
     * @param signals  signal names
     */
    public SignalRepresentation {
        Objects.requireNonNull(encoding, "encoding");
        signals = List.copyOf(signals);
    }
}
