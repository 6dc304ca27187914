package dev.benchhal.lin.ldf;

import java.util.Objects;

/**
 * A signal at a bit offset in a frame or a signal group. Bit offset n is bit {@code n % 8} of
 * byte {@code n / 8}: LIN sends bytes and bits least significant first.
 *
 * @param signal signal name
 * @param offset bit offset
 */
public record PlacedSignal(String signal, int offset) {

    /**
     * Validates the parts.
     *
     * @param signal signal name
     * @param offset bit offset
     */
    public PlacedSignal {
        Objects.requireNonNull(signal, "signal");
        if (offset < 0) {
            throw new IllegalArgumentException(signal + ": negative offset " + offset);
        }
    }
}
