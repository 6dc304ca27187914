package dev.benchhal.bridge;

import dev.benchhal.error.HalException;

/**
 * The bridge answered a request with an error: {@code {"ok": false, "error": CODE, "message": ...}}.
 * The driver maps the code to the family's exception ({@code NO_RESPONSE} to a no-response error).
 */
public class BridgeCallException extends HalException {

    private static final long serialVersionUID = 1L;

    /** The operation that failed. */
    private final String op;
    /** The bridge's error code. */
    private final String code;

    /**
     * @param source  the bridge's source
     * @param op      the operation that failed
     * @param code    the bridge's error code
     * @param message the bridge's message
     */
    public BridgeCallException(String source, String op, String code, String message) {
        super(source, op + ": " + code + (message == null || message.isEmpty() ? "" : ": " + message));
        this.op = op;
        this.code = code;
    }

    /** @return the operation that failed */
    public String op() {
        return op;
    }

    /** @return the bridge's error code ({@code NO_RESPONSE}, {@code CHECKSUM}, {@code DEVICE_ERROR}, ...) */
    public String code() {
        return code;
    }
}
