package dev.benchhal.cli.spi;

import dev.benchhal.Device;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A subcommand that opens one device (by URI or bench role), runs, and closes it again. Its
 * arguments are checked in {@link #validate()} before the device is opened, so a typo never costs a
 * device connection. An {@link IllegalArgumentException} from either is the user's input: a usage
 * error (exit 2). Other failures propagate to the command line, which maps them to
 * {@link ExitCode}s.
 *
 * @param <T> the device family
 */
public abstract class DeviceOperation<T extends Device> implements Callable<Integer> {

    /** Injected by picocli. */
    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    private final Class<T> family;

    /** @param family the family the named device must belong to */
    protected DeviceOperation(Class<T> family) {
        this.family = family;
    }

    /**
     * @return the command line (drivers, bench): the user object of the root command
     * @throws IllegalStateException when the command runs under another root than {@code benchhal}
     */
    protected final CliContext context() {
        Object root = spec.root().userObject();
        if (root instanceof CliContext) {
            return (CliContext) root;
        }
        throw new IllegalStateException(spec.qualifiedName() + " runs under " + root.getClass().getName()
                + ", which is not a CliContext");
    }

    /** @return the device's URI or bench role */
    protected abstract String target();

    /** Checks and parses the arguments before the device is opened; the default has nothing to check. */
    protected void validate() {
    }

    /**
     * Runs the operation on the open device.
     *
     * @param device the open device
     * @param out    standard output
     * @return the exit code ({@link ExitCode})
     */
    protected abstract int run(T device, PrintWriter out);

    @Override
    public final Integer call() {
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (DeviceHandle<T> device = context().open(target(), family)) {
            PrintWriter out = spec.commandLine().getOut();
            int code;
            try {
                code = run(device.device(), out);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            out.flush();
            return code;
        }
    }
}
