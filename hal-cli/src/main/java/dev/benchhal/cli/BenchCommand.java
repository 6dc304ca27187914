package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.DeviceUri;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.DeviceConfig;
import dev.benchhal.spi.DriverRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code benchhal bench}: resolves the bench (override, environment, file, defaults), checks every
 * URI against the installed drivers and prints the effective devices. Opens nothing.
 */
@Command(name = "bench", description = BenchCommand.SUMMARY)
final class BenchCommand implements Callable<Integer> {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "Check the bench configuration and show the effective devices (opens nothing).";

    @ParentCommand
    BenchHalCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return print(root.resolveBench(), root.registry(), spec.commandLine().getOut());
    }

    /**
     * What the command prints (also run without picocli, by {@link QuickPath}): the bench checked
     * ({@link Bench#check(BenchConfig, DriverRegistry)}: no bench is opened, nothing logged), then its devices.
     *
     * @param config   the resolved bench
     * @param registry the installed drivers
     * @param out      where the table goes
     * @return the exit code
     * @throws dev.benchhal.error.ConfigException naming file, line and key of the first role that fails
     */
    static int print(BenchConfig config, DriverRegistry registry, PrintWriter out) {
        Bench.check(config, registry);
        out.println("bench " + config.name() + " (base directory " + config.baseDirectory() + ")");
        Table t = new Table("ROLE", "URI", "FAMILY", "FROM");
        for (DeviceConfig d : config.devices().values()) {
            String family = registry.provider(DeviceUri.parse(d.uri()).scheme()).family().getSimpleName();
            t.row(d.role(), DeviceUri.parse(d.uri()), family, d.origin());
        }
        t.print(out);
        if (!config.topology().isEmpty()) {
            out.println("topology: " + String.join(", ", config.topology().keySet()));
        }
        out.flush();
        return ExitCode.OK;
    }
}
