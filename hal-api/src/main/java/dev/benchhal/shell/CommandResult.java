package dev.benchhal.shell;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a command ended: exit code, bounded output, duration.
 *
 * @param argv            the command that ran
 * @param exitCode        the exit status (128 + signal when killed by a signal, as shells report it)
 * @param stdout          standard output, up to the command's bound
 * @param stderr          standard error, up to the command's bound
 * @param stdoutTruncated {@code true} when stdout was longer than the bound
 * @param stderrTruncated {@code true} when stderr was longer than the bound
 * @param duration        wall time from start to exit
 */
@SuppressWarnings("ArrayRecordComponent") // the arrays are copied in and out; equals and hashCode compare contents
public record CommandResult(List<String> argv, int exitCode, byte[] stdout, byte[] stderr, boolean stdoutTruncated,
                            boolean stderrTruncated, Duration duration) {

    /**
     * Copies the arrays.
     *
     * @param argv            the command that ran
     * @param exitCode        the exit status (128 + signal when killed by a signal, as shells report it)
     * @param stdout          standard output, up to the command's bound
     * @param stderr          standard error, up to the command's bound
     * @param stdoutTruncated {@code true} when stdout was longer than the bound
     * @param stderrTruncated {@code true} when stderr was longer than the bound
     * @param duration        wall time from start to exit
     */
    public CommandResult {
        argv = List.copyOf(argv);
        stdout = stdout.clone();
        stderr = stderr.clone();
        Objects.requireNonNull(duration, "duration");
    }

    /** @return a copy of stdout */
    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    /** @return a copy of stderr */
    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    /** @return stdout decoded as UTF-8 */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** @return stderr decoded as UTF-8 */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** @return {@code true} for exit code 0 */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * @return this result when the exit code is 0
     * @throws CommandFailedException naming the command, the exit code and the start of stderr otherwise
     */
    public CommandResult requireSuccess() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandResult r && r.argv.equals(argv) && r.exitCode == exitCode && Arrays.equals(r.stdout, stdout)
                && Arrays.equals(r.stderr, stderr) && r.stdoutTruncated == stdoutTruncated
                && r.stderrTruncated == stderrTruncated && r.duration.equals(duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, exitCode, Arrays.hashCode(stdout), Arrays.hashCode(stderr), duration);
    }

    @Override
    public String toString() {
        return "CommandResult[" + argv + " exit=" + exitCode + " stdout=" + stdout.length + "B stderr=" + stderr.length
                + "B in " + duration.toMillis() + " ms]";
    }
}
