package dev.benchhal.lin.ldf;

import dev.benchhal.error.ConfigException;

/**
 * A LIN description file is not valid: a syntax error (what was expected and what was found at
 * a line and column) or a semantic error (an undeclared signal, overlapping signals, a signal
 * past the end of its frame, a duplicate name), which names the signals and frames involved.
 * <p>Example: {@code alm.ldf line 41 column 9: expected ';' after the signal offset, found "}"}.
 * <p>A {@link ConfigException}: a file the user gave is wrong, so the command line and the bench
 * report it as configuration, with no special case.
 */
public class LdfParseException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /** The column of the error, from 1; 0 when not known. */
    private final int column;
    /** What the parser expected there. */
    private final String expected;
    /** What it found instead. */
    private final String found;

    /**
     * Creates an error at a place in a file.
     *
     * @param file     the file name as the caller gave it
     * @param line     1-based line, 0 when not known
     * @param column   1-based column, 0 when not known
     * @param expected what the parser expected there (for semantic errors: the rule that broke)
     * @param found    what it found there, {@code null} for semantic errors
     */
    public LdfParseException(String file, int line, int column, String expected, String found) {
        super(file == null ? "<ldf>" : file, line, column, found == null ? expected : "expected " + expected + ", found " + found);
        this.column = column;
        this.expected = expected;
        this.found = found;
    }

    /** @return the 1-based column of the error, 0 when not known */
    public int column() {
        return column;
    }

    /** @return what the parser expected, or for semantic errors the rule that the file breaks */
    public String expected() {
        return expected;
    }

    /** @return what the parser found, {@code null} for semantic errors */
    public String found() {
        return found;
    }

    static String where(String file, int line, int column) {
        StringBuilder where = new StringBuilder(file == null ? "<ldf>" : file);
        if (line > 0) {
            where.append(" line ").append(line);
            if (column > 0) {
                where.append(" column ").append(column);
            }
        }
        return where.toString();
    }
}
