package dev.benchhal.lin.ldf;

import dev.benchhal.error.ProtocolException;
import dev.benchhal.lin.LinFrame;

import java.util.List;
import java.util.Objects;

/**
 * A slave's answer to a node configuration request, read from a 0x3D frame: positive
 * ({@code RSID = SID + 0x40}, with data) or negative ({@code 0x7F, SID, error code}).
 *
 * @param nad       NAD of the answering slave
 * @param sid       the service the answer is for
 * @param positive  {@code true} for a positive response
 * @param errorCode negative response code (0x12 sub-function not supported, ...), 0 when positive
 * @param data      the response data after the RSID (positive), up to 5 bytes
 */
public record NodeConfigResponse(int nad, int sid, boolean positive, int errorCode, List<Integer> data) {

    /** RSID of a negative response */
    public static final int NEGATIVE_RSID = 0x7F;

    /**
     * Freezes the parts.
     *
     * @param nad       NAD of the answering slave
     * @param sid       the service the answer is for
     * @param positive  {@code true} for a positive response
     * @param errorCode negative response code (0x12 sub-function not supported, ...), 0 when positive
     * @param data      the response data after the RSID (positive), up to 5 bytes
     */
    public NodeConfigResponse {
        data = List.copyOf(data);
    }

    /**
     * @param frame a slave response frame (0x3D)
     * @return the decoded answer
     * @throws ProtocolException when the frame is not a single-frame node configuration response
     */
    public static NodeConfigResponse parse(LinFrame frame) {
        Objects.requireNonNull(frame, "frame");
        return parse(frame.data());
    }

    /**
     * @param data the 8 data bytes of a slave response frame
     * @return the decoded answer
     * @throws ProtocolException when the bytes are not a single-frame node configuration response
     */
    public static NodeConfigResponse parse(byte[] data) {
        if (data.length != 8) {
            throw new ProtocolException("0x3D", "expected 8 bytes in a slave response, got " + data.length, data, null);
        }
        int nad = data[0] & 0xFF;
        int pci = data[1] & 0xFF;
        int length = pci & 0x0F;
        if ((pci & 0xF0) != 0 || length < 1 || length > 6) {
            throw new ProtocolException("0x3D", String.format("expected a single-frame PCI 0x01..0x06, got 0x%02X", pci),
                    data, null);
        }
        int rsid = data[2] & 0xFF;
        if (rsid == NEGATIVE_RSID) {
            if (length < 3) {
                throw new ProtocolException("0x3D", "negative response with PCI length " + length + " (expected 3)", data, null);
            }
            return new NodeConfigResponse(nad, data[3] & 0xFF, false, data[4] & 0xFF, List.of());
        }
        if (rsid < 0x40) {
            throw new ProtocolException("0x3D", String.format("expected a response SID (SID + 0x40) or 0x7F, got 0x%02X",
                    rsid), data, null);
        }
        return new NodeConfigResponse(nad, rsid - 0x40, true, 0, NodeConfiguration.list(data, 3, 2 + length));
    }

    /**
     * @return the product id of a positive ReadByIdentifier(0) answer
     * @throws IllegalStateException when this is not one
     */
    public ProductId productId() {
        if (!positive || sid != NodeConfiguration.SID_READ_BY_IDENTIFIER || data.size() < 5) {
            throw new IllegalStateException("not a positive ReadByIdentifier product id response: " + this);
        }
        return new ProductId(data.get(0) | data.get(1) << 8, data.get(2) | data.get(3) << 8, data.get(4));
    }

    /**
     * @return the serial number of a positive ReadByIdentifier(1) answer (4 bytes, little-endian)
     * @throws IllegalStateException when this is not one
     */
    public long serialNumber() {
        if (!positive || sid != NodeConfiguration.SID_READ_BY_IDENTIFIER || data.size() < 4) {
            throw new IllegalStateException("not a positive ReadByIdentifier serial number response: " + this);
        }
        return (data.get(0) | data.get(1) << 8 | data.get(2) << 16 | (long) data.get(3) << 24) & 0xFFFFFFFFL;
    }

    @Override
    public String toString() {
        return positive
                ? String.format("NodeConfigResponse[nad=0x%02X positive SID 0x%02X data=%s]", nad, sid, data)
                : String.format("NodeConfigResponse[nad=0x%02X negative SID 0x%02X error 0x%02X]", nad, sid, errorCode);
    }
}
