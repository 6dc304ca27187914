package dev.benchhal.lin.ldf;

import java.util.Objects;

/**
 * Something the lenient parser accepted that the LIN specification does not allow, for example
 * a frame without signals or a master without a time base.
 *
 * @param file    the file name as the caller gave it
 * @param line    1-based line
 * @param column  1-based column
 * @param message what was accepted and how it was read
 */
public record LdfWarning(String file, int line, int column, String message) {

    /**
     * Validates the parts.
     *
     * @param file    the file name as the caller gave it
     * @param line    1-based line
     * @param column  1-based column
     * @param message what was accepted and how it was read
     */
    public LdfWarning {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return LdfParseException.where(file, line, column) + ": " + message;
    }
}
