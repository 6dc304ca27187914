package dev.benchhal.error;

import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * Configuration is wrong: a bench file that does not parse, an unknown key, a URI with an
 * unknown scheme, a duplicate role. The message names the file, the line and the key, for
 * example {@code bench.yaml line 7 (devices.psu.uri): owen:sim:SPE6103: unknown scheme "owen"; installed: ...}.
 */
public class ConfigException extends HalException {

    private static final long serialVersionUID = 1L;

    /** The file the error is in, if it is in one. */
    private final @Nullable String file;
    /** The line in that file, from 1; 0 when not known. */
    private final int line;
    /** The key the error is at, such as {@code devices.psu.uri}, if known. */
    private final @Nullable String key;

    /**
     * Creates a configuration error that is not tied to a file.
     *
     * @param source what was being configured (a URI, a role)
     * @param detail what was expected and what came
     */
    public ConfigException(@Nullable String source, String detail) {
        this(source, detail, null);
    }

    /**
     * Creates a configuration error that is not tied to a file.
     *
     * @param source what was being configured (a URI, a role)
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public ConfigException(@Nullable String source, String detail, @Nullable Throwable cause) {
        super(source, detail, cause);
        this.file = null;
        this.line = 0;
        this.key = null;
    }

    /**
     * Creates a configuration error at a place in a file.
     *
     * @param file   the file name as the user gave it
     * @param line   1-based line, or 0 when not known
     * @param key    dotted path of the key ({@code devices.psu.uri}), or {@code null}
     * @param detail what was expected and what came
     * @param cause  the underlying failure; may be {@code null}
     */
    public ConfigException(@Nullable String file, int line, @Nullable String key, String detail, @Nullable Throwable cause) {
        super(where(file, line, key), detail, cause);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    /**
     * Creates a configuration error at a line and column of a file (a parser's error).
     *
     * @param file   the file name as the user gave it
     * @param line   1-based line, or 0 when not known
     * @param column 1-based column, or 0 when not known
     * @param detail what was expected and what came
     */
    protected ConfigException(@Nullable String file, int line, int column, String detail) {
        super(where(file, line, null) + (line > 0 && column > 0 ? " column " + column : ""), detail, null);
        this.file = file;
        this.line = line;
        this.key = null;
    }

    /** @return the file the error is in, when it came from one */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** @return the 1-based line in {@link #file()}, or 0 when not known */
    public int line() {
        return line;
    }

    /** @return the dotted key path, when known */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    private static String where(@Nullable String file, int line, @Nullable String key) {
        StringBuilder sb = new StringBuilder(file == null ? "config" : file);
        if (line > 0) {
            sb.append(" line ").append(line);
        }
        if (key != null && !key.isEmpty()) {
            sb.append(" (").append(key).append(')');
        }
        return sb.toString();
    }
}
