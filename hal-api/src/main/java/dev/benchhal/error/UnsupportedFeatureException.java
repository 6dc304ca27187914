package dev.benchhal.error;

import org.jspecify.annotations.Nullable;

/**
 * The device or driver cannot do what was asked (for example a passive LIN receive on a master-only adapter).
 */
public class UnsupportedFeatureException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     */
    public UnsupportedFeatureException(@Nullable String source, String detail) {
        super(source, detail);
    }

    /**
     * Creates the error with a cause.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public UnsupportedFeatureException(@Nullable String source, String detail, @Nullable Throwable cause) {
        super(source, detail, cause);
    }
}
