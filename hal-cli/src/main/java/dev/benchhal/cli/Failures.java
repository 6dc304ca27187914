package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.error.HalException;

import java.io.PrintWriter;

/** How a command's failure ends, for picocli's commands and the quick path alike; no picocli type here. */
final class Failures {

    private Failures() {
    }

    /**
     * Reports a command's failure: one line, the stack trace only when asked for ({@code -v}).
     *
     * @param ex      what the command threw
     * @param verbose whether {@code -v} was given
     * @param err     where the line goes
     * @return the exit code for it ({@link ExitCode#of})
     */
    static int report(Exception ex, boolean verbose, PrintWriter err) {
        if (ex instanceof HalException) {
            err.println("benchhal: " + ex.getMessage());
        } else {
            // a defect of ours or a driver's
            err.println("benchhal: unexpected error: " + ex + (verbose ? "" : " (-v shows where)"));
        }
        if (verbose && !(ex instanceof HalException && ex.getCause() == null)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.of(ex);
    }
}
