package dev.benchhal.error;

import dev.benchhal.util.Hex;
import org.jspecify.annotations.Nullable;

/**
 * A device answered, but not in a way the protocol allows: a malformed reply, a bad checksum,
 * an error token. Carries the bytes that came, so the message and a debugger show them.
 */
public class ProtocolException extends HalException {

    private static final long serialVersionUID = 1L;

    /** The bytes that came, if any. */
    private final byte @Nullable [] received;

    /**
     * Creates the error without raw bytes (the detail already quotes what came).
     *
     * @param source where it happened (device URI)
     * @param detail what was expected and what came
     */
    public ProtocolException(@Nullable String source, String detail) {
        this(source, detail, null, null);
    }

    /**
     * Creates the error with the bytes that came; they are appended to the message as hex.
     *
     * @param source   where it happened (device URI)
     * @param detail   what was expected
     * @param received the raw bytes received; may be {@code null}
     * @param cause    the underlying failure; may be {@code null}
     */
    public ProtocolException(@Nullable String source, String detail, byte @Nullable [] received, @Nullable Throwable cause) {
        super(source, received == null ? detail : detail + " (received " + received.length + " bytes: "
                + Hex.format(received) + ")", cause);
        this.received = received == null ? null : received.clone();
    }

    /** @return a copy of the bytes that came, or an empty array when none were recorded */
    public byte[] received() {
        return received == null ? new byte[0] : received.clone();
    }
}
