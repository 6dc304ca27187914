package dev.benchhal.lin;

import dev.benchhal.util.Hex;

import java.time.Duration;

/**
 * LIN protocol arithmetic as pure functions: identifier checks, protected identifier parity,
 * frame times. Checksums are on {@link LinChecksumType}.
 */
public final class LinProtocol {

    /** Highest frame identifier. */
    public static final int MAX_ID = 0x3F;
    /** Master request frame (diagnostics, node configuration). */
    public static final int MASTER_REQUEST_ID = 0x3C;
    /** Slave response frame (diagnostics, node configuration). */
    public static final int SLAVE_RESPONSE_ID = 0x3D;
    /** Lowest baud rate the LIN specification allows. */
    public static final int MIN_BAUD = 1_000;
    /** Highest baud rate the LIN specification allows. */
    public static final int MAX_BAUD = 20_000;
    /** The common default baud rate. */
    public static final int DEFAULT_BAUD = 19_200;

    private LinProtocol() {
    }

    /**
     * Adds the two parity bits to a frame identifier: P0 = ID0^ID1^ID2^ID4 (bit 6),
     * P1 = !(ID1^ID3^ID4^ID5) (bit 7).
     *
     * @param frameId 0..0x3F
     * @return the protected identifier, 0..255
     * @throws IllegalArgumentException for an identifier outside 0..0x3F
     */
    public static int protectedId(int frameId) {
        requireFrameId(frameId);
        int p0 = (bit(frameId, 0) ^ bit(frameId, 1) ^ bit(frameId, 2) ^ bit(frameId, 4));
        int p1 = 1 ^ (bit(frameId, 1) ^ bit(frameId, 3) ^ bit(frameId, 4) ^ bit(frameId, 5));
        return frameId | p0 << 6 | p1 << 7;
    }

    /**
     * Checks a received protected identifier and strips its parity.
     *
     * @param pid the protected identifier as received
     * @return the frame identifier
     * @throws IllegalArgumentException when the parity bits are wrong
     */
    public static int frameIdOf(int pid) {
        int id = pid & MAX_ID;
        if (protectedId(id) != (pid & 0xFF)) {
            throw new IllegalArgumentException("protected identifier " + Hex.byteLiteral(pid & 0xFF)
                    + " has wrong parity; expected " + Hex.byteLiteral(protectedId(id)) + " for id " + Hex.byteLiteral(id));
        }
        return id;
    }

    /**
     * @param frameId the identifier
     * @throws IllegalArgumentException naming the value when it is outside 0..0x3F
     */
    public static void requireFrameId(int frameId) {
        if (frameId < 0 || frameId > MAX_ID) {
            throw new IllegalArgumentException("LIN frame id " + frameId + " (0x" + Integer.toHexString(frameId)
                    + ") is outside 0x00..0x3F");
        }
    }

    /**
     * @param baud bits per second
     * @throws IllegalArgumentException naming the value when it is outside 1000..20000
     */
    public static void requireBaud(int baud) {
        if (baud < MIN_BAUD || baud > MAX_BAUD) {
            throw new IllegalArgumentException("LIN baud rate " + baud + " is outside " + MIN_BAUD + ".." + MAX_BAUD);
        }
    }

    /**
     * @param frameId 0..0x3F
     * @return {@code true} for 0x3C and 0x3D
     */
    public static boolean isDiagnostic(int frameId) {
        return frameId == MASTER_REQUEST_ID || frameId == SLAVE_RESPONSE_ID;
    }

    /**
     * The data length LIN 1.x implies from the identifier: ids 0..31 carry 2 bytes, 32..47 carry
     * 4, 48..63 carry 8.
     *
     * @param frameId 0..0x3F
     * @return 2, 4 or 8
     */
    public static int lin1ImpliedLength(int frameId) {
        requireFrameId(frameId);
        return frameId < 32 ? 2 : frameId < 48 ? 4 : 8;
    }

    /**
     * Nominal frame time: (34 + 10 * (N + 1)) bit times for N data bytes (header 34 bits, each
     * byte and the checksum 10 bits).
     *
     * @param dataBytes 1..8
     * @param baud      bits per second, 1000..20000
     * @return the nominal duration of the whole frame
     */
    public static Duration nominalFrameTime(int dataBytes, int baud) {
        requireLength(dataBytes);
        requireBaud(baud);
        long bits = 34L + 10L * (dataBytes + 1);
        return Duration.ofNanos(Math.round(bits * 1e9 / baud));
    }

    /**
     * Maximum frame time the specification allows: 1.4 times the nominal time. Use it as the
     * response timeout of a header.
     *
     * @param dataBytes 1..8
     * @param baud      bits per second, 1000..20000
     * @return the maximum duration of the whole frame
     */
    public static Duration maximumFrameTime(int dataBytes, int baud) {
        requireLength(dataBytes);
        requireBaud(baud);
        long bits = 34L + 10L * (dataBytes + 1);
        return Duration.ofNanos(Math.round(bits * 1.4e9 / baud));
    }

    /**
     * @param dataBytes a response length
     * @throws IllegalArgumentException naming the value when it is outside 1..8
     */
    public static void requireLength(int dataBytes) {
        if (dataBytes < 1 || dataBytes > 8) {
            throw new IllegalArgumentException("LIN frames carry 1..8 data bytes, not " + dataBytes);
        }
    }

    private static int bit(int value, int n) {
        return value >> n & 1;
    }
}
