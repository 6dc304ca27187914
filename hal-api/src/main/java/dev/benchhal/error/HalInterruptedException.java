package dev.benchhal.error;

import org.jspecify.annotations.Nullable;

/**
 * The calling thread was interrupted while it waited; the thread's interrupt flag is set again before this is thrown.
 */
public class HalInterruptedException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     */
    public HalInterruptedException(@Nullable String source, String detail) {
        super(source, detail);
    }

    /**
     * Creates the error with a cause.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public HalInterruptedException(@Nullable String source, String detail, @Nullable Throwable cause) {
        super(source, detail, cause);
    }
}
