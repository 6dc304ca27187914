package dev.benchhal.cli;

import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.error.ConfigException;
import dev.benchhal.harness.fabric.Discovery;
import dev.benchhal.harness.fabric.Fabric;
import dev.benchhal.harness.fabric.FabricDefinition;
import dev.benchhal.harness.fabric.FabricDiscovery;
import dev.benchhal.harness.fabric.FabricStatus;
import dev.benchhal.harness.fabric.HubRecord;
import dev.benchhal.harness.fabric.LabIni;
import dev.benchhal.harness.fabric.MachineHubs;
import dev.benchhal.harness.fabric.RrhBinding;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code benchhal fabric discover|build|bind|status|realize}: the fronthaul fabric of the seed's fiwicontrol.fabric. */
@Command(name = "fabric", description = FabricCommand.SUMMARY, subcommands = {FabricCommand.Discover.class,
        FabricCommand.Build.class, FabricCommand.Bind.class, FabricCommand.Status.class, FabricCommand.Realize.class})
final class FabricCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "The fronthaul fabric: discover hubs per lab machine, build and bind a fabric file, check it.";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @ParentCommand
    BenchHalCli root;

    @Command(name = "discover", description = "Acroname discovery on every [machine.*] of the lab INI at once (usb=local "
            + "here, usb=remote over SSH): a table per machine with the BrainStem SDK's version, and the total module "
            + "count. Exit 0 when every machine answered, 1 when one did not, 4 when no hub was found.")
    static final class Discover extends OnLab {

        @Option(names = "--local-only", description = "skip the lab INI: only this machine's hubs (SDK, else USB bus scan)")
        boolean localOnly;
        @Option(names = "--python", paramLabel = "PYTHON", description = "with --local-only: the interpreter with the SDK; "
                + "default python3")
        String python = "python3";
        @Option(names = "--json", description = "print the discovery as JSON")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Discovery found = localOnly ? FabricDiscovery.localOnly(python, Optional.empty(), lab.timeout)
                    : FabricDiscovery.discover(lab.load(fabric.root, spec).ini(), fabric.root.registry(), lab.timeout);
            if (json) {
                out.println(JSON.writeValueAsString(discoveryJson(found)));
            } else {
                for (MachineHubs m : found.machines()) {
                    out.printf("machine %s (%s, %s): %s%n", m.machine(), m.how(), m.host(), m.error().map(e -> "FAILED: " + e)
                            .orElse("BrainStem " + m.brainstemVersion() + ", " + m.hubs().size() + (m.hubs().size() == 1 ? " hub" : " hubs")));
                    if (!m.hubs().isEmpty()) {
                        Table table = new Table("SERIAL", "MODEL", "PORTS");
                        m.hubs().forEach(h -> table.row(h.serial(), h.model(), h.ports()));
                        table.print(out);
                    }
                }
                out.printf("total: %d modules on %d machines, fingerprint %s%n", found.moduleCount(), found.machines().size(),
                        found.fingerprint());
            }
            return !found.complete() ? ExitCode.FAILED : found.moduleCount() == 0 ? ExitCode.NOT_FOUND : ExitCode.OK;
        }
    }

    /** What every subcommand has: the group, its own spec, the lab options. */
    abstract static class OnLab implements Callable<Integer> {
        @ParentCommand
        FabricCommand fabric;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        LabOptions lab;
    }

    static Map<String, Object> discoveryJson(Discovery found) {
        List<Map<String, Object>> machines = new ArrayList<>();
        for (MachineHubs m : found.machines()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("machine", m.machine());
            row.put("host", m.host());
            row.put("usb", m.how());
            row.put("brainstem_version", m.brainstemVersion());
            List<Map<String, Object>> hubs = new ArrayList<>();
            for (HubRecord h : m.hubs()) {
                hubs.add(Map.of("serial", h.serial(), "model", h.model(), "ports", h.ports()));
            }
            row.put("hubs", hubs);
            m.error().ifPresent(e -> row.put("error", e));
            machines.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machines", machines);
        out.put("total_modules", found.moduleCount());
        out.put("fingerprint", found.fingerprint());
        return out;
    }

    /** What build and bind share: the lab, the output, the bindings laid over the INI's. */
    abstract static class Binding extends OnLab {

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "the fabric file to write")
        Path output;
        @Option(names = "--bindings", paramLabel = "FILE", description = "radio head bindings laid over the lab INI's "
                + "(YAML or JSON: rrhs: [{name, hub, port, patch_panel, address, width, speed, module_serial}], or a "
                + "fabric file)")
        Path bindings;

        /** @return whether every field of every radio head is asked for (bind), or only the missing ones (build) */
        abstract boolean askAll();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            LabOptions.Lab found = lab.load(fabric.root, spec);
            Discovery discovery = FabricDiscovery.discover(found.ini(), fabric.root.registry(), lab.timeout);
            if (!discovery.complete()) {
                // a fingerprint without a machine's hubs would call the whole bench changed once it answers again
                discovery.machines().stream().filter(m -> !m.answered()).forEach(m -> spec.commandLine().getErr()
                        .println("benchhal: discovery on " + m.machine() + " failed: " + m.error().orElseThrow()));
                spec.commandLine().getErr().println("benchhal: no fabric written: every machine must answer discovery "
                        + "(benchhal fabric discover shows them)");
                return ExitCode.FAILED;
            }
            List<RrhBinding.Partial> given = new ArrayList<>();
            Path target = fabric.root.resolve(output);
            if (Files.isRegularFile(target)) {
                for (RrhBinding r : FabricDefinition.load(target).rrhs()) {
                    given.add(RrhBinding.Partial.of(r));
                }
            }
            if (bindings != null) {
                given.addAll(RrhBinding.Partial.load(fabric.root.resolve(bindings)));
            }
            if (stdinIsTerminal()) {
                given = prompt(found.ini(), discovery, given, askAll(), new BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.Charset.defaultCharset())), out);
            }
            FabricDefinition built = Fabric.compose(found.ini(), discovery, given, found.panels());
            built.save(target);
            out.println(built);
            out.println("wrote " + target + (found.simulated() ? " (the simulated lab)" : ""));
            return ExitCode.OK;
        }
    }

    @Command(name = "build", description = "Build a fabric file from the lab INI's [fabric] and [fabric.rrh.*] sections and "
            + "live discovery (asking on a terminal for what they leave out). Exit 1 when a machine did not answer "
            + "discovery, 3 when a radio head lacks a binding.")
    static final class Build extends Binding {
        @Override
        boolean askAll() {
            return false;
        }
    }

    @Command(name = "bind", description = "Bind radio heads to hub ports: on a terminal every field is asked, with the lab "
            + "INI's, the existing file's and --bindings' values as defaults, and new radio heads can be added; elsewhere "
            + "the bindings come from those files only.")
    static final class Bind extends Binding {
        @Override
        boolean askAll() {
            return true;
        }
    }

    /** Whether standard input is a terminal (prompts only there): on Linux what fd 0 points to, elsewhere a console. */
    @SuppressWarnings("SystemConsoleNull") // the fallback only; on Linux /proc answers for every JDK
    static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    /**
     * Asks for bindings at a prompt.
     *
     * @param ini       the lab INI (its radio heads come first)
     * @param discovery the hubs found (the default hub when there is one)
     * @param given     bindings from the files
     * @param all       every field (bind), or only the missing ones (build)
     * @param in        the answers
     * @param out       the questions
     * @return the bindings, answered
     * @throws IOException when the terminal cannot be read
     */
    static List<RrhBinding.Partial> prompt(LabIni ini, Discovery discovery, List<RrhBinding.Partial> given, boolean all,
                                           BufferedReader in, PrintWriter out) throws IOException {
        Map<String, RrhBinding.Partial> rows = new LinkedHashMap<>();
        ini.radioHeads().forEach(p -> rows.put(p.name(), p));
        given.forEach(p -> rows.merge(p.name(), p, (below, over) -> over.over(below)));
        out.println("hubs found: " + (discovery.hubs().isEmpty() ? "none" : discovery.hubs()));
        List<RrhBinding.Partial> answered = new ArrayList<>();
        for (RrhBinding.Partial p : rows.values()) {
            answered.add(all || !p.missing().isEmpty() ? ask(p, discovery, in, out) : p);
        }
        if (all) {
            while (true) {
                String name = question(out, in, "another radio head's name (empty to finish)", "");
                if (name == null || name.isEmpty()) {
                    break;
                }
                answered.add(ask(RrhBinding.Partial.named(name), discovery, in, out));
            }
        }
        out.flush();
        return answered;
    }

    private static RrhBinding.Partial ask(RrhBinding.Partial p, Discovery discovery, BufferedReader in, PrintWriter out) throws IOException {
        out.println("radio head " + p.name() + ":");
        String defaultHub = p.hub().orElse(discovery.hubs().size() == 1 ? discovery.hubs().get(0).serial() : "");
        Optional<String> hub = answer(question(out, in, "  hub serial", defaultHub), s -> s.toUpperCase(Locale.ROOT));
        Optional<Integer> port = answer(question(out, in, "  hub port", p.port().map(String::valueOf).orElse("")), Integer::valueOf);
        Optional<String> panel = answer(question(out, in, "  patch panel label", p.patchPanel().orElse("")), s -> s);
        Optional<PcieAddress> address = answer(question(out, in, "  PCIe address",
                p.address().map(PcieAddress::toString).orElse("")), PcieAddress::parse);
        Optional<Integer> width = answer(question(out, in, "  link width", p.width().map(String::valueOf).orElse("")), Integer::valueOf);
        Optional<Double> speed = answer(question(out, in, "  link speed GT/s (0 for any)",
                p.speedGts().map(String::valueOf).orElse("0")), Double::valueOf);
        Optional<String> module = answer(question(out, in, "  module serial", p.moduleSerial().orElse("")), s -> s);
        return new RrhBinding.Partial(p.name(), hub, port, panel, address, width, speed, module);
    }

    private static String question(PrintWriter out, BufferedReader in, String what, String defaultValue) throws IOException {
        out.print(what + (defaultValue.isEmpty() ? "" : " [" + defaultValue + "]") + ": ");
        out.flush();
        String line = in.readLine();
        return line == null || line.isBlank() ? defaultValue : line.strip();
    }

    private static <T> Optional<T> answer(String text, Function<String, T> parse) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(text));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("prompt", "\"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** Loads the fabric file named by -f, or the bench file's topology.fabric. */
    static final class FabricFile {
        @Option(names = {"-f", "--fabric"}, paramLabel = "FILE", description = "the fabric file; default the bench file's "
                + "topology.fabric")
        Path file;

        Optional<Path> find(BenchHalCli root) {
            return file != null ? Optional.of(root.resolve(file)) : root.topologyPath("fabric");
        }
    }

    /**
     * @param file a fabric file
     * @param lab  the lab
     * @return the fabric with the lab INI's [fabric] and [fabric.rrh.*] sections laid over it (not the simulated lab's)
     */
    static FabricDefinition load(Path file, LabOptions.Lab lab) {
        FabricDefinition stored = FabricDefinition.load(file);
        return lab.simulated() ? stored : stored.merge(lab.ini());
    }

    @Command(name = "status", description = "Compare a fabric file with live discovery: READY (exit 0) when the stored "
            + "fingerprint matches, STALE (exit 1) when the hubs changed but every bound one is there (bind again), "
            + "MISSING (exit 4) when a bound hub is gone or its machine did not answer; what changed is listed.")
    static final class Status extends OnLab {
        @CommandLine.Mixin
        FabricFile fabricFile;

        @Override
        public Integer call() {
            Path file = fabricFile.find(fabric.root).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                    "status needs -f FILE, the fabric file to check"));
            LabOptions.Lab found = lab.load(fabric.root, spec);
            FabricDefinition stored = load(file, found);
            FabricStatus status = FabricStatus.of(stored, FabricDiscovery.discover(found.ini(), fabric.root.registry(), lab.timeout));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("fabric %s (%s): %s, fingerprint %s%s%n", stored.fabricId(), file.getFileName(), status.state(),
                    stored.fingerprint(), status.state() == FabricStatus.State.READY ? "" : ", live " + status.live());
            status.changes().forEach(c -> out.println("  " + c));
            return status.state().exitCode();
        }
    }

    @Command(name = "realize", description = "Compose the fabric (from -f FILE merged with the lab INI, or from the lab INI "
            + "and discovery), then check it strictly against the bench: the fingerprint against live discovery (a stale "
            + "fabric fails unless --no-strict) and every radio head at its address on the concentrator with its link. "
            + "Prints OK and the fabric; --json prints only the fabric JSON. Exit 0 when realized, 1 when stale (strict) "
            + "or a link is wrong, 4 when a hub or radio head is missing.")
    static final class Realize extends OnLab {
        @CommandLine.Mixin
        FabricFile fabricFile;

        @Option(names = "--no-strict", description = "a stale fingerprint is reported, not a failure")
        boolean noStrict;
        @Option(names = "--json", description = "print only the fabric JSON on stdout (after a successful realize)")
        boolean json;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "also write the composed fabric file")
        Path output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LabOptions.Lab found = lab.load(fabric.root, spec);
            Discovery live = FabricDiscovery.discover(found.ini(), fabric.root.registry(), lab.timeout);
            Optional<Path> file = fabricFile.find(fabric.root);
            FabricDefinition definition = file.isPresent() ? load(file.get(), found)
                    : Fabric.compose(found.ini(), live, List.of(), found.panels());
            Bench[] opened = new Bench[1];
            try {
                Fabric.Realized realized = Fabric.realize(definition, live, d -> {
                    if (d.concentrator().isEmpty()) {
                        return Optional.empty();
                    }
                    opened[0] = Bench.open(Fabric.bench(d, found.ini()), fabric.root.registry());
                    return Optional.of(opened[0].get(Fabric.CONCENTRATOR, PcieHost.class));
                }, !noStrict);
                PrintWriter report = json ? err : out;
                for (Fabric.RadioCheck r : realized.radios()) {
                    report.printf("  %-10s %s  %-8s %-12s %s%n", r.rrh().name(), r.rrh().address(),
                            r.rrh().patchPanel().isEmpty() ? "-" : r.rrh().patchPanel(), r.seen(), r.problem().orElse("ok"));
                }
                realized.status().changes().forEach(c -> report.println("  " + c));
                if (realized.radios().isEmpty() && definition.concentrator().isEmpty()) {
                    report.println("  (no concentrator in the fabric: radio heads not checked on PCIe)");
                }
                if (!realized.ok()) {
                    err.println("benchhal: fabric " + definition.fabricId() + " not realized: " + realized.status().state()
                            + realized.radios().stream().filter(r -> r.problem().isPresent()).findFirst()
                            .map(r -> "; " + r.problem().orElseThrow()).orElse(""));
                    return realized.exitCode();
                }
                if (output != null) {
                    definition.save(fabric.root.resolve(output));
                }
                if (json) {
                    out.print(definition.toJson());
                } else {
                    out.println("OK " + realized.status().state() + (noStrict ? " (not strict)" : ""));
                    out.println(definition);
                }
                return ExitCode.OK;
            } finally {
                if (opened[0] != null) {
                    opened[0].close();
                }
            }
        }
    }
}
