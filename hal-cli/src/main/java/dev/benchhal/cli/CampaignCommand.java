package dev.benchhal.cli;

import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.harness.CampaignReport;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Failure;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.hotswap.HotSwap;
import dev.benchhal.harness.hotswap.RadioHead;
import dev.benchhal.harness.fabric.Fabric;
import dev.benchhal.harness.fabric.FabricDefinition;
import dev.benchhal.harness.fabric.FabricDiscovery;
import dev.benchhal.harness.fabric.FabricStatus;
import dev.benchhal.error.ConfigException;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieLink;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.shell.HostShell;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@code benchhal campaign hotswap|passthrough|report}: the harnesses of the seed frameworks. */
@Command(name = "campaign", description = CampaignCommand.SUMMARY, subcommands = {CampaignCommand.Hotswap.class,
        CampaignPassthrough.class, CampaignCommand.Report.class})
final class CampaignCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "Run a campaign: the fronthaul hot-swap (simulated unless a bench and --live say otherwise), "
            + "PCIe passthrough on a hypervisor; report one anew from its records.";

    @ParentCommand
    BenchHalCli root;

    @Command(name = "report", description = "Write a campaign's report anew from its records (report.html and summary.md "
            + "beside records.jsonl, or in --out): after a crash, or to read an interrupted campaign. Exit 0 when every "
            + "recorded cycle passed, 1 when one failed, 4 when there are no records.")
    static final class Report implements Callable<Integer> {
        @ParentCommand
        CampaignCommand campaign;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Parameters(paramLabel = "DIR", description = "the campaign's directory (its --out), with records.jsonl")
        Path directory;
        @Option(names = "--out", paramLabel = "DIR", description = "where the report goes; default the campaign's directory")
        Path out;

        @Override
        public Integer call() {
            Path dir = campaign.root.resolve(directory);
            Path records = dir.resolve("records.jsonl");
            if (!java.nio.file.Files.isRegularFile(records)) {
                spec.commandLine().getErr().println("benchhal: " + records + ": no such records file (a campaign's --out has one)");
                return ExitCode.NOT_FOUND;
            }
            CampaignReport.Written written = CampaignReport.write(records, out == null ? dir : campaign.root.resolve(out));
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(written.verdict());
            written.outOfControl().forEach(o -> stdout.println("out of control: " + o));
            stdout.println("report " + written.html() + ", summary " + written.summary());
            return written.passed() ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    @Command(name = "hotswap", description = "Power-cycle every radio head through its hub port at once, each iteration: "
            + "remove, power off, wait to vanish, settle, power on, wait to return at its address, check the link's width "
            + "and speed and the AER counters, run the smoke command. Without --bench, --paths N radio heads on a simulated "
            + "fabric in virtual time; with a bench, its hub and concentrator roles and its topology.radios. Records, "
            + "report.html and summary.md go to --out. Exit 0 when every cycle passed, 1 when one failed, 2 when real "
            + "hardware lacks --live.")
    static final class Hotswap implements Callable<Integer> {
        @ParentCommand
        CampaignCommand campaign;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        LabOptions lab;
        @CommandLine.Mixin
        FabricCommand.FabricFile fabricFile;
        @Option(names = "--strict-fabric-ready", description = "exit 2 unless the fabric file is READY against live "
                + "discovery (benchhal fabric status)")
        boolean strictFabricReady;
        @Option(names = "--iterations", paramLabel = "M", description = "how often every radio is cycled; default 10")
        int iterations = 10;
        @Option(names = "--settle", paramLabel = "DURATION", description = "pause between the vanish and the power-on; default 0s")
        Duration settle = Duration.ZERO;
        @Option(names = "--vanish-timeout", paramLabel = "DURATION", description = "default 10s")
        Duration vanishTimeout = Duration.ofSeconds(10);
        @Option(names = "--return-timeout", paramLabel = "DURATION", description = "default 30s")
        Duration returnTimeout = Duration.ofSeconds(30);
        @Option(names = "--hub", paramLabel = "ROLE", description = "the bench role of the hub; default hub")
        String hubRole = "hub";
        @Option(names = "--concentrator", paramLabel = "ROLE", description = "the bench role of the concentrator; default concentrator")
        String concentratorRole = "concentrator";
        @Option(names = "--shell", paramLabel = "ROLE", description = "the bench role of the concentrator's shell, for --smoke")
        String shellRole;
        @Option(names = "--smoke", paramLabel = "ARG", arity = "1..*", description = "a command run on the concentrator's shell "
                + "after each cycle, as separate arguments (no shell): --smoke lspci -s 01:00.0")
        List<String> smoke = List.of();
        @Option(names = "--dry-run", description = "log every phase, touch nothing")
        boolean dryRun;
        @Option(names = "--live", description = "switch the power of real hardware (a bench whose hub or concentrator is not "
                + "simulated); without it such a campaign is refused")
        boolean live;
        @Option(names = "--fail-fast", description = "stop after the first iteration with a failure, cancelling the other "
                + "paths (the seed's TaskGroup)")
        boolean failFast;
        @Option(names = "--out", paramLabel = "DIR", description = "where records.jsonl and the report go; default "
                + "runs/hotswap-TIMESTAMP")
        Path out;
        @Option(names = "--resume", description = "go on with the campaign in --out: the cycles its records say ended are skipped")
        boolean resume;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            if (resume && out == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume needs --out, the campaign to go on with");
            }
            BenchHalCli root = campaign.root;
            Optional<Path> fabricPath = fabricFile.find(root);
            if (strictFabricReady && fabricPath.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--strict-fabric-ready needs --fabric FILE, the fabric to check");
            }
            boolean onBench = root.benchFile != null && fabricPath.isEmpty() && !lab.hasFile(root);
            BenchConfig config;
            FabricDefinition fabric = null;
            if (onBench) {
                config = root.resolveBench();
            } else {
                LabOptions.Lab found = lab.load(root, spec);
                if (fabricPath.isPresent()) {
                    fabric = FabricCommand.load(fabricPath.get(), found);
                    if (strictFabricReady) {
                        FabricStatus status = FabricStatus.of(fabric, FabricDiscovery.discover(found.ini(), root.registry(), lab.timeout));
                        if (status.state() != FabricStatus.State.READY) {
                            spec.commandLine().getErr().println("benchhal: fabric " + fabric.fabricId() + " is " + status
                                    + " (--strict-fabric-ready): see benchhal fabric status");
                            return ExitCode.USAGE;
                        }
                    }
                } else {
                    fabric = Fabric.compose(found.ini(), FabricDiscovery.discover(found.ini(), root.registry(), lab.timeout), List.of(),
                            found.panels());
                }
                if (fabric.concentrator().isEmpty()) {
                    throw new ConfigException("fabric " + fabric.fabricId(), "names no concentrator ([fabric] concentrator = MACHINE "
                            + "in the lab INI): the radio heads cannot be watched");
                }
                config = Fabric.bench(fabric, found.ini());
                if (shellRole == null && !smoke.isEmpty() && !found.ini().machine(fabric.concentrator().get()).simulated()) {
                    shellRole = Fabric.role(fabric.concentrator().get());
                }
            }
            if (!smoke.isEmpty() && shellRole == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--smoke needs --shell ROLE, the concentrator's shell");
            }
            Path dir = root.resolve(out != null ? out : Path.of("runs", "hotswap-"
                    + LocalDateTime.now(java.time.ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
            try (Bench bench = Bench.open(config, root.registry())) {
                Map<String, UsbHub> hubs = fabric == null ? Map.of("", bench.get(hubRole, UsbHub.class)) : Fabric.hubs(fabric, bench);
                PcieHost concentrator = bench.get(fabric == null ? concentratorRole : Fabric.CONCENTRATOR, PcieHost.class);
                HostShell shell = shellRole == null ? null : bench.get(shellRole, HostShell.class);
                List<String> roles = new ArrayList<>(fabric == null ? List.of(hubRole)
                        : fabric.hubs().stream().map(h -> Fabric.hubRole(h.serial())).toList());
                roles.add(fabric == null ? concentratorRole : Fabric.CONCENTRATOR);
                Optional<String> real = roles.stream().filter(r -> !bench.simulates(r))
                        .map(r -> config.device(r).orElseThrow().uri()).findFirst();
                if (real.isPresent() && !dryRun && !live) {
                    throw new CommandLine.ParameterException(spec.commandLine(), real.get()
                            + " is real hardware: add --live to switch its power, or --dry-run");
                }
                List<RadioHead> radios = fabric != null ? fabric.radioHeads() : RadioHead.fromTopology(config.topology(), config.name());
                if (radios.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), config.name()
                            + " lists no radio heads (topology.radios, or a fabric): nothing to cycle; without --bench, --paths N "
                            + "simulates them");
                }
                HotSwap hotSwap = new HotSwap(hubs, concentrator, shell, radios, bench.clock(), dir, Progress.automatic(),
                        new HotSwap.Options(iterations, settle, vanishTimeout, returnTimeout, dryRun, smoke, failFast, resume));
                stdout.printf("hotswap: %d radio heads (%s) x %d iterations on %s%s, %s; records in %s%n", radios.size(),
                        radios.stream().map(RadioHead::name).collect(Collectors.joining(", ")), iterations,
                        fabric != null ? "fabric " + fabric.fabricId() : config.name(), real.isPresent() ? " (real hardware)" : "",
                        dryRun ? "dry run" : bench.clock() instanceof dev.benchhal.core.time.VirtualClock ? "virtual time" : "real time", dir);
                stdout.flush();
                CampaignResult result = hotSwap.runStoppableByCtrlC();
                CampaignReport.Written report = CampaignReport.write(result.records(), dir);
                for (Failure f : result.failures()) {
                    stdout.println("FAILED " + f);
                }
                stdout.printf("hotswap: %d cycles%s, %d failed%s in %s; report %s%n", result.cycles(),
                        result.skipped() > 0 ? " (" + result.skipped() + " done before)" : "", result.failures().size(),
                        result.stopped() ? ", stopped" : "", Durations.format(result.elapsed()), report.html());
                return result.passed() ? ExitCode.OK : ExitCode.FAILED;
            }
        }
    }
}
