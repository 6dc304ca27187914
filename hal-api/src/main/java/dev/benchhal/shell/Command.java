package dev.benchhal.shell;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command to run on a {@link HostShell}: an argument list, never a shell string. Each argument
 * reaches the program exactly as given; remote shells quote every argument, so user data can
 * never become shell syntax. Immutable; the {@code with...} methods return modified copies.
 *
 * <pre>{@code
 * Command c = Command.of("lspci", "-tv").withTimeout(Duration.ofSeconds(10));
 * }</pre>
 *
 * @param argv             program and arguments; at least the program
 * @param timeout          limit after which the process (tree) is killed
 * @param environment      variables added to (or replacing in) the shell's environment
 * @param workingDirectory directory to run in, if not the shell's default
 * @param stdin            bytes written to standard input, then closed
 * @param maxOutputBytes   per stream: stdout and stderr are kept up to this many bytes, the rest is counted and dropped
 */
@SuppressWarnings("ArrayRecordComponent") // stdin is copied in and out; equals and hashCode compare contents
public record Command(List<String> argv, Duration timeout, Map<String, String> environment,
                      Optional<String> workingDirectory, byte[] stdin, int maxOutputBytes) {

    /** Default time limit. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default bound per output stream: 8 MiB. */
    public static final int DEFAULT_MAX_OUTPUT = 8 << 20;

    /**
     * Validates and copies.
     *
     * @param argv             program and arguments; at least the program
     * @param timeout          limit after which the process (tree) is killed
     * @param environment      variables added to (or replacing in) the shell's environment
     * @param workingDirectory directory to run in, if not the shell's default
     * @param stdin            bytes written to standard input, then closed
     * @param maxOutputBytes   per stream: stdout and stderr are kept up to this many bytes, the rest is counted and dropped
     */
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("a command needs a program name");
        }
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument " + i + " of " + argv.get(0) + " contains a NUL character");
            }
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("command timeout must be positive, not " + timeout);
        }
        environment = Map.copyOf(environment);
        for (String name : environment.keySet()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("environment variable name \"" + name + "\" is not [A-Za-z_][A-Za-z0-9_]*");
            }
        }
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        stdin = stdin == null ? new byte[0] : stdin.clone();
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("maxOutputBytes must not be negative: " + maxOutputBytes);
        }
    }

    /**
     * @param argv program and arguments
     * @return a command with the defaults: 60 s, no extra environment, no stdin, 8 MiB per stream
     */
    public static Command of(String... argv) {
        return of(Arrays.asList(argv));
    }

    /**
     * @param argv program and arguments
     * @return a command with the defaults
     */
    public static Command of(List<String> argv) {
        return new Command(argv, DEFAULT_TIMEOUT, Map.of(), Optional.empty(), new byte[0], DEFAULT_MAX_OUTPUT);
    }

    /**
     * @param t the time limit
     * @return a copy with it
     */
    public Command withTimeout(Duration t) {
        return new Command(argv, t, environment, workingDirectory, stdin, maxOutputBytes);
    }

    /**
     * @param name  variable name
     * @param value its value
     * @return a copy with the variable set
     */
    public Command withEnv(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new Command(argv, timeout, env, workingDirectory, stdin, maxOutputBytes);
    }

    /**
     * @param dir working directory
     * @return a copy with it
     */
    public Command withWorkingDirectory(String dir) {
        return new Command(argv, timeout, environment, Optional.of(dir), stdin, maxOutputBytes);
    }

    /**
     * @param input bytes for standard input
     * @return a copy with them
     */
    public Command withStdin(byte[] input) {
        return new Command(argv, timeout, environment, workingDirectory, input, maxOutputBytes);
    }

    /**
     * @param bytes bound per output stream
     * @return a copy with it
     */
    public Command withMaxOutputBytes(int bytes) {
        return new Command(argv, timeout, environment, workingDirectory, stdin, bytes);
    }

    /** @return a copy of the standard input bytes */
    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    /** @return the argument list, for logs, e.g. {@code [lspci, -tv]}; environment values are not shown */
    @Override
    public String toString() {
        return argv.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && c.argv.equals(argv) && c.timeout.equals(timeout) && c.environment.equals(environment)
                && c.workingDirectory.equals(workingDirectory) && Arrays.equals(c.stdin, stdin) && c.maxOutputBytes == maxOutputBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, timeout, environment, workingDirectory, Arrays.hashCode(stdin), maxOutputBytes);
    }
}
