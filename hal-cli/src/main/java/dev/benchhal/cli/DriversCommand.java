package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.spi.ProviderInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code benchhal drivers}: the installed providers. */
@Command(name = "drivers", description = DriversCommand.SUMMARY)
final class DriversCommand implements Callable<Integer> {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "List the installed drivers: scheme, family, module, version.";

    @ParentCommand
    BenchHalCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        return print(root.registry(), json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** What the command prints (also run without picocli, by {@link QuickPath}). */
    static int print(DriverRegistry registry, boolean json, PrintWriter out, PrintWriter err) {
        List<ProviderInfo> installed = registry.installed();
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(installed));
        } else {
            Table t = new Table("SCHEME", "FAMILY", "MODULE", "VERSION", "DESCRIPTION");
            for (ProviderInfo p : installed) { // a loop, not a lambda: its first use costs milliseconds at start-up
                t.row(p.scheme(), p.family(), p.module(), p.version(), p.description());
            }
            t.print(out);
        }
        out.flush();
        for (String problem : registry.problems()) {
            err.println("benchhal: warning: " + problem);
        }
        err.flush();
        return ExitCode.OK;
    }
}
