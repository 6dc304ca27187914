package dev.benchhal.error;

/**
 * The link to a device is gone, or the device was used after {@code close()}.
 */
public class DisconnectedException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     */
    public DisconnectedException(String source, String detail) {
        super(source, detail);
    }

    /**
     * Creates the error with a cause.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public DisconnectedException(String source, String detail, Throwable cause) {
        super(source, detail, cause);
    }
}
