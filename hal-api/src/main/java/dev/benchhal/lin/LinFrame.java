package dev.benchhal.lin;

import dev.benchhal.util.Hex;

import java.util.Arrays;
import java.util.Objects;

/**
 * One LIN frame: identifier, 1..8 data bytes and the checksum model the receiver checks.
 * Validated on construction: id 0..0x3F; the diagnostic frames 0x3C/0x3D carry exactly 8 bytes
 * and always use the classic checksum. The data array is copied in and out, so a frame is
 * immutable.
 *
 * <pre>{@code
 * LinFrame f = LinFrame.of(0x10, 0x01, 0x02, 0x03, 0x04);   // enhanced checksum 0xA5
 * }</pre>
 *
 * @param id           frame identifier 0..0x3F
 * @param data         1..8 data bytes
 * @param checksumType classic or enhanced
 */
@SuppressWarnings("ArrayRecordComponent") // data is copied in and out; equals, hashCode and toString compare contents
public record LinFrame(int id, byte[] data, LinChecksumType checksumType) {

    /**
     * Validates and copies.
     *
     * @param id           frame identifier 0..0x3F
     * @param data         1..8 data bytes
     * @param checksumType classic or enhanced
     */
    public LinFrame {
        LinProtocol.requireFrameId(id);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(checksumType, "checksumType");
        LinProtocol.requireLength(data.length);
        if (LinProtocol.isDiagnostic(id)) {
            if (checksumType != LinChecksumType.CLASSIC) {
                throw new IllegalArgumentException("diagnostic frame " + Hex.byteLiteral(id) + " always uses the classic checksum");
            }
            if (data.length != 8) {
                throw new IllegalArgumentException("diagnostic frame " + Hex.byteLiteral(id) + " carries 8 data bytes, not " + data.length);
            }
        }
        data = data.clone();
    }

    /**
     * A frame with the checksum LIN 2.x uses for its id (classic for 0x3C/0x3D, enhanced otherwise).
     *
     * @param id   0..0x3F
     * @param data 1..8 data bytes
     * @return the frame
     */
    public static LinFrame of(int id, byte[] data) {
        return new LinFrame(id, data, LinChecksumType.defaultFor(id));
    }

    /**
     * A frame from byte values given as ints, for readable tests: {@code LinFrame.of(0x10, 1, 2, 3, 4)}.
     *
     * @param id     0..0x3F
     * @param values 1..8 values, each 0..255
     * @return the frame, with the default checksum for its id
     */
    public static LinFrame of(int id, int... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw new IllegalArgumentException("data byte " + i + " = " + values[i] + " is outside 0..255");
            }
            data[i] = (byte) values[i];
        }
        return of(id, data);
    }

    /** @return a copy of the data bytes */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** @return number of data bytes */
    public int length() {
        return data.length;
    }

    /**
     * @param index 0-based byte index
     * @return that byte as 0..255
     */
    public int dataByte(int index) {
        return data[index] & 0xFF;
    }

    /** @return the protected identifier (id plus parity bits) */
    public int protectedId() {
        return LinProtocol.protectedId(id);
    }

    /** @return the checksum byte this frame carries on the bus */
    public int checksum() {
        return checksumType.compute(id, data);
    }

    /** @return {@code true} for the diagnostic frames 0x3C and 0x3D */
    public boolean isDiagnostic() {
        return LinProtocol.isDiagnostic(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinFrame f && f.id == id && f.checksumType == checksumType && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + checksumType.hashCode()) + Arrays.hashCode(data);
    }

    /** @return e.g. {@code LinFrame[id=0x12 data=01 02 03 04 checksum=ENHANCED]} */
    @Override
    public String toString() {
        return "LinFrame[id=" + Hex.byteLiteral(id) + " data=" + Hex.format(data) + " checksum=" + checksumType + "]";
    }
}
