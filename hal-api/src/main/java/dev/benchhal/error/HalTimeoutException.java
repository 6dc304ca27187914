package dev.benchhal.error;

import org.jspecify.annotations.Nullable;

/**
 * Something did not happen within its time limit: a reply, a device appearing, a command finishing.
 */
public class HalTimeoutException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     */
    public HalTimeoutException(@Nullable String source, String detail) {
        super(source, detail);
    }

    /**
     * Creates the error with a cause.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public HalTimeoutException(@Nullable String source, String detail, @Nullable Throwable cause) {
        super(source, detail, cause);
    }
}
