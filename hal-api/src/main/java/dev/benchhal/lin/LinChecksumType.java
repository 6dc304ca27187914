package dev.benchhal.lin;

/**
 * The two LIN checksum models. Classic sums the data bytes only (LIN 1.x, and always the
 * diagnostic frames 0x3C/0x3D); enhanced sums the protected identifier and the data (LIN 2.x
 * signal frames).
 */
public enum LinChecksumType {
    /** Data bytes only. */
    CLASSIC,
    /** Protected identifier plus data bytes. */
    ENHANCED;

    /**
     * Computes the checksum byte: an 8-bit sum with carry wrap-around (255 subtracted whenever the
     * sum reaches 256), inverted.
     *
     * @param frameId the frame identifier 0..0x3F (its PID enters the enhanced sum)
     * @param data    the data bytes
     * @return the checksum, 0..255
     */
    public int compute(int frameId, byte[] data) {
        int sum = this == ENHANCED ? LinProtocol.protectedId(frameId) : 0;
        for (byte b : data) {
            sum += b & 0xFF;
            if (sum >= 256) {
                sum -= 255;
            }
        }
        return ~sum & 0xFF;
    }

    /**
     * @param frameId 0..0x3F
     * @return CLASSIC for the diagnostic frames 0x3C/0x3D, ENHANCED for every other frame
     */
    public static LinChecksumType defaultFor(int frameId) {
        return LinProtocol.isDiagnostic(frameId) ? CLASSIC : ENHANCED;
    }
}
