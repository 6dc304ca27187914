package dev.benchhal.error;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * Root of every error Bench HAL raises: unchecked, so test code stays readable, and typed,
 * so callers can catch exactly what they can handle.
 *
 * <p>The message is one line that says where ({@link #source()}: a device URI, a file, a
 * role), what was expected and what came, for example
 * {@code owon:serial:///dev/ttyUSB0: MEAS:VOLT? expected a number, got "ERR" after 52 ms}.
 */
public class HalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The device or input the error is about (a URI, a role, a file), if known. */
    private final @Nullable String source;
    /** What went wrong, without the source. */
    private final String detail;

    /**
     * Creates an error.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     */
    public HalException(@Nullable String source, String detail) {
        this(source, detail, null);
    }

    /**
     * Creates an error with a cause.
     *
     * @param source where it happened (device URI, file, role); may be {@code null}
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public HalException(@Nullable String source, String detail, @Nullable Throwable cause) {
        super(compose(source, detail), cause);
        this.source = source;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** @return where the error happened (device URI, file or role), or {@code null} when not known */
    public @Nullable String source() {
        return source;
    }

    /** @return the message without the source prefix */
    public String detail() {
        return detail;
    }

    private static String compose(@Nullable String source, String detail) {
        // text from devices, files and users goes into messages: never a raw control character on a terminal
        String d = dev.benchhal.util.Printable.controls(detail);
        return source == null || source.isEmpty() ? d : dev.benchhal.util.Printable.controls(source) + ": " + d;
    }
}
