package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * An unconditional frame.
 *
 * @param name           frame name
 * @param id             frame id 0..0x3B
 * @param publisher      publishing node
 * @param length         data bytes: the declared length, or where the file gives none (allowed up to
 *                       LIN 2.0) the length implied by the id: 2 bytes for ids 0..31, 4 for 32..47, 8 for 48..63
 * @param declaredLength the length the file gives, {@code null} when none
 * @param signals        the signals in file order
 */
public record LdfFrame(String name, int id, String publisher, int length, Integer declaredLength,
                       List<PlacedSignal> signals) {

    /**
     * Validates and freezes the parts.
     *
     * @param name           frame name
     * @param id             frame id 0..0x3B
     * @param publisher      publishing node
     * @param length         data bytes: the declared length, or where the file gives none (allowed up to
     *                       LIN 2.0) the length implied by the id: 2 bytes for ids 0..31, 4 for 32..47, 8 for 48..63
     * @param declaredLength the length the file gives, {@code null} when none
     * @param signals        the signals in file order
     */
    public LdfFrame {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publisher, "publisher");
        signals = List.copyOf(signals);
    }
}
