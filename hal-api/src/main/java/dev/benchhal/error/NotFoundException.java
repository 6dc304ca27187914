package dev.benchhal.error;

import org.jspecify.annotations.Nullable;

/**
 * A device, port, file, role or driver that was asked for does not exist.
 */
public class NotFoundException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     */
    public NotFoundException(@Nullable String source, String detail) {
        super(source, detail);
    }

    /**
     * Creates the error with a cause.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public NotFoundException(@Nullable String source, String detail, @Nullable Throwable cause) {
        super(source, detail, cause);
    }
}
