package dev.benchhal.lin.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * A simulated node's answer to a diagnostic request ({@link NodeBehaviour#onDiagnosticService}):
 * the response message (response service id and data, 1..4095 bytes), given after the node has
 * been busy for a while (erasing flash) or at once. While it is busy the node answers slave
 * response headers with "response pending" ({@code 7F SID 78}); then the simulator sends the
 * response in as many frames as it needs.
 *
 * @param response the response message
 * @param busy     how long the node works before the response is ready (bench time)
 */
@SuppressWarnings("ArrayRecordComponent") // handed once from the behaviour to the transport, never compared
public record DiagnosticReply(byte[] response, Duration busy) {

    /**
     * Checks the parts.
     *
     * @param response the response message
     * @param busy     how long the node works before the response is ready (bench time)
     */
    public DiagnosticReply {
        Objects.requireNonNull(response, "response");
        if (response.length < 1 || response.length > 4095) {
            throw new IllegalArgumentException("a response has 1..4095 bytes, this one " + response.length);
        }
        if (busy.isNegative()) {
            throw new IllegalArgumentException("busy must not be negative: " + busy);
        }
        response = response.clone();
    }

    /**
     * @param response the response message: response service id and data, each 0..255
     * @return the response, at once
     */
    public static DiagnosticReply of(int... response) {
        byte[] bytes = new byte[response.length];
        for (int i = 0; i < response.length; i++) {
            bytes[i] = (byte) response[i];
        }
        return new DiagnosticReply(bytes, Duration.ZERO);
    }

    /**
     * @param response the response message
     * @return the response, at once
     */
    public static DiagnosticReply of(byte[] response) {
        return new DiagnosticReply(response, Duration.ZERO);
    }

    /**
     * @param sid the refused service
     * @param nrc the negative response code (ISO 14229-1: 0x31 requestOutOfRange, ...)
     * @return the negative response {@code 7F SID NRC}, at once
     */
    public static DiagnosticReply negative(int sid, int nrc) {
        return of(0x7F, sid, nrc);
    }

    /**
     * @param busy how long the node works first
     * @return this response, after that time
     */
    public DiagnosticReply after(Duration busy) {
        return new DiagnosticReply(response, busy);
    }

    /** @return a copy of the response message */
    @Override
    public byte[] response() {
        return response.clone();
    }
}
