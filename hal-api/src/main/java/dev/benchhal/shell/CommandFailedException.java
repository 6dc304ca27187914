package dev.benchhal.shell;

import dev.benchhal.error.HalException;

/** A command ran but exited non-zero where success was required. Carries the whole result. */
public class CommandFailedException extends HalException {

    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;

    /** @param result the failed result */
    public CommandFailedException(CommandResult result) {
        super(null, result.argv() + " exited " + result.exitCode() + firstLine(result.stderrText()));
        this.result = result;
    }

    /** @return the failed command's result */
    public CommandResult result() {
        return result;
    }

    private static String firstLine(String stderr) {
        String s = stderr.strip();
        if (s.isEmpty()) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
}
