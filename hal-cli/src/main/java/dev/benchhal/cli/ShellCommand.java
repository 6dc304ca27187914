package dev.benchhal.cli;

import dev.benchhal.cli.spi.DeviceHandle;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code benchhal shell URI -- PROGRAM ARGS...}: runs one command through any HostShell driver
 * ({@code local:}, {@code ssh://...}) and prints its output. Exit code 0 when the command exited 0,
 * 1 when it exited non-zero (its code is printed on stderr), else the usual codes.
 */
@CommandLine.Command(name = "shell", description = ShellCommand.SUMMARY)
final class ShellCommand implements Callable<Integer> {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "Run one command through a HostShell URI (local:, ssh://USER@HOST...).";

    @ParentCommand
    BenchHalCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "HostShell URI, or a role of the bench file")
    String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ARGV", description = "program and arguments (after --)")
    List<String> argv;

    @Option(names = "--timeout", defaultValue = "60s", description = "kill the command after this long (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        Command command;
        try {
            command = Command.of(argv).withTimeout(timeout);
        } catch (IllegalArgumentException e) {
            // checked before the host is reached: a typo never costs a connection
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (DeviceHandle<HostShell> shell = root.open(target, HostShell.class)) {
            return run(shell.device(), command);
        }
    }

    private int run(HostShell shell, Command command) {
        CommandResult r = shell.run(command);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.print(new String(r.stdout(), StandardCharsets.UTF_8));
        out.flush();
        err.print(new String(r.stderr(), StandardCharsets.UTF_8));
        if (r.stdoutTruncated() || r.stderrTruncated()) {
            err.println("benchhal: output truncated at " + Command.DEFAULT_MAX_OUTPUT + " bytes per stream");
        }
        if (!r.succeeded()) {
            err.println("benchhal: " + r.argv() + " exited " + r.exitCode() + " on " + shell.hostLabel());
        }
        err.flush();
        return r.succeeded() ? ExitCode.OK : ExitCode.FAILED;
    }
}
