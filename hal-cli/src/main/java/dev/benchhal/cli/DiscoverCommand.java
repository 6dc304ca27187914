package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code benchhal discover}: what every installed driver finds on this machine now, each with the
 * URI that opens it. Discovery only looks (sysfs, USB descriptors, daemon sockets); it opens no device.
 */
@Command(name = "discover", description = DiscoverCommand.SUMMARY)
final class DiscoverCommand implements Callable<Integer> {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "List the devices the installed drivers find on this machine, with their URIs.";

    @ParentCommand
    BenchHalCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        List<Map<String, String>> found = new ArrayList<>();
        List<DiscoveredDevice> devices = root.registry().discover(dev.benchhal.Device.class, DriverContext.standalone(),
                (scheme, e) -> spec.commandLine().getErr().println("benchhal: warning: discovery by " + scheme + " failed: "
                        + e.getMessage()));
        for (DiscoveredDevice d : devices) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("scheme", d.uri().scheme());
            row.put("family", root.registry().provider(d.uri().scheme()).family().getSimpleName());
            row.put("uri", d.uri().toString());
            row.put("description", d.description());
            found.add(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(found));
        } else {
            Table t = new Table("URI", "FAMILY", "DESCRIPTION");
            found.forEach(r -> t.row(r.get("uri"), r.get("family"), r.get("description")));
            t.print(out);
        }
        return ExitCode.OK;
    }
}
