package dev.benchhal.cli.spi;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of {@code benchhal}, documented in {@code docs/cli.md}. Scripts and CI jobs
 * branch on them, so they never change meaning. Every subcommand returns one of these.
 */
public final class ExitCode {

    /** Success. */
    public static final int OK = 0;
    /** The operation failed: a device error, a protocol error, a failed check. */
    public static final int FAILED = 1;
    /** The command line was wrong: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** The configuration was wrong: bench file, URI, options, an LDF file that does not parse. */
    public static final int CONFIG = 3;
    /** A file, device, role or driver was not found. */
    public static final int NOT_FOUND = 4;
    /** A device or command did not answer in time. */
    public static final int TIMEOUT = 5;

    private ExitCode() {
    }

    /** @return every exit code with its meaning, in order: the one table the help of every command shows */
    public static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(Integer.toString(OK), "success");
        t.put(Integer.toString(FAILED), "the operation failed (device or protocol error)");
        t.put(Integer.toString(USAGE), "usage error");
        t.put(Integer.toString(CONFIG), "configuration error (bench file, URI, options)");
        t.put(Integer.toString(NOT_FOUND), "not found (file, device, role, driver)");
        t.put(Integer.toString(TIMEOUT), "timeout");
        return t;
    }

    /**
     * @param t what went wrong
     * @return the exit code for it
     */
    public static int of(Throwable t) {
        if (t instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        if (t instanceof ConfigException) {
            return CONFIG;
        }
        if (t instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (t instanceof HalTimeoutException) {
            return TIMEOUT;
        }
        return FAILED;
    }
}
