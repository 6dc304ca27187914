package dev.benchhal.cli;

import dev.benchhal.Device;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A subcommand that opens one device (by URI or bench role), runs, and closes it again. Its
 * arguments are checked in {@link #validate()} before the device is opened, so a typo never costs a
 * device connection. An {@link IllegalArgumentException} from either is the user's input: a usage
 * error (exit 2).
 *
 * @param <T> the device family
 */
abstract class DeviceOperation<T extends Device> implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Class<T> family;

    DeviceOperation(Class<T> family) {
        this.family = family;
    }

    /** @return the command line's root (registry, bench) */
    abstract BenchHalCli root();

    /** @return the device's URI or bench role */
    abstract String target();

    /** Checks and parses the arguments before the device is opened; the default has nothing to check. */
    void validate() {
    }

    /**
     * @param device the open device
     * @param out    standard output
     * @return the exit code
     */
    abstract int run(T device, PrintWriter out);

    @Override
    public Integer call() {
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (DeviceTarget<T> device = DeviceTarget.open(root(), target(), family)) {
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
