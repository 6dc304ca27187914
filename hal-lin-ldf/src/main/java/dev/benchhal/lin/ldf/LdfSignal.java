package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * A signal: a scalar of 1..16 bits, or a byte array of 1..8 bytes.
 *
 * @param name        signal name
 * @param width       size in bits
 * @param array       {@code true} for a byte array (its init value is written {@code {1, 2}})
 * @param initValue   init value of a scalar (0 for arrays)
 * @param initBytes   init value of a byte array, byte 0 first (empty for scalars)
 * @param publisher   publishing node, {@code null} for diagnostic signals
 * @param subscribers subscribing nodes (empty for diagnostic signals)
 */
public record LdfSignal(String name, int width, boolean array, long initValue, List<Integer> initBytes,
                        String publisher, List<String> subscribers) {

    /**
     * Validates and freezes the parts.
     *
     * @param name        signal name
     * @param width       size in bits
     * @param array       {@code true} for a byte array (its init value is written {@code {1, 2}})
     * @param initValue   init value of a scalar (0 for arrays)
     * @param initBytes   init value of a byte array, byte 0 first (empty for scalars)
     * @param publisher   publishing node, {@code null} for diagnostic signals
     * @param subscribers subscribing nodes (empty for diagnostic signals)
     */
    public LdfSignal {
        Objects.requireNonNull(name, "name");
        initBytes = List.copyOf(initBytes);
        subscribers = List.copyOf(subscribers);
        if (width < 1 || width > 64) {
            throw new IllegalArgumentException(name + ": width " + width + " is not 1..64 bits");
        }
    }

    /** @return the mask of the raw value, {@code width} ones */
    public long mask() {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /**
     * @return the init value as the raw number the codec works with: for byte arrays byte 0 in the
     *         low 8 bits (the order the bytes have on the bus)
     */
    public long initRaw() {
        if (!array) {
            return initValue;
        }
        long raw = 0;
        for (int k = 0; k < initBytes.size(); k++) {
            raw |= (initBytes.get(k) & 0xFFL) << (8 * k);
        }
        return raw;
    }

    /** @return {@code true} for diagnostic signals ({@code MasterReqB0} and the like) */
    public boolean isDiagnostic() {
        return publisher == null;
    }
}
