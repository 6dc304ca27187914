package com.example.hotswap;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.error.HalException;
import dev.benchhal.harness.CampaignReport;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Failure;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.fabric.Discovery;
import dev.benchhal.harness.fabric.Fabric;
import dev.benchhal.harness.fabric.FabricDefinition;
import dev.benchhal.harness.fabric.FabricDiscovery;
import dev.benchhal.harness.fabric.FabricStatus;
import dev.benchhal.harness.fabric.LabIni;
import dev.benchhal.harness.hotswap.HotSwap;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fronthaul hot-swap harness (the seed's {@code scripts/system/pcie_hotswap_harness.py}) on Bench HAL. Every radio
 * head of a fabric is power-cycled through its hub port at once, each iteration: remove, power off, wait to vanish,
 * settle, power on, wait to return at its address, check the link's width and speed and the AER counters, run the
 * smoke command on the concentrator. Without a fabric file, the simulated lab of {@code --paths N} radio heads in
 * virtual time; with {@code --fabric FILE} and {@code --lab-ini FILE}, the lab's hubs and concentrator (real power only
 * with {@code --live}).
 *
 * <p>The patterns of the seed: a thin {@link #main} (parse, set up logging, run); one method per story
 * ({@link #loadFabric}, {@link #runCampaign}); explicit parameters ({@link Options}); every path concurrent and every
 * failure reported with its path and phase; a dry run that touches nothing; the domain types from the library.
 *
 * <p>DESIGN_GAPS, what this harness leaves to you (as the seed lists its own):
 * <ul>
 *   <li>Enumeration: the radios are found at the addresses the fabric binds; a radio that enumerates elsewhere after
 *       a power cycle is a failure, not a rebinding.</li>
 *   <li>Telemetry: the hub's port current and voltage are not sampled during the cycle (the hub driver reads them:
 *       {@code UsbHub.portState}); add a phase that records them if your KPIs need them.</li>
 *   <li>SPC: the report draws control charts of the vanish and return times; limits are computed from this run
 *       alone, not from a baseline campaign.</li>
 *   <li>The smoke command is one argument list run on the concentrator's shell; several checks need a script
 *       there.</li>
 * </ul>
 */
public final class HotSwapHarness {

    static final String USAGE = "usage: hotswap [--fabric FILE] [--lab-ini FILE | --no-lab-ini] [--paths N] [--iterations M] "
            + "[--settle DURATION] [--strict-fabric-ready] [--dry-run] [--live] [--fail-fast] [--smoke ARG...] [--out DIR] [-v]";

    private HotSwapHarness() {
    }

    /**
     * Parses the command line, sets up logging, runs the campaign and exits with its code: 0 when every cycle
     * passed, 1 when one failed, 2 for a usage error, real hardware without {@code --live} or a fabric that is not
     * READY under {@code --strict-fabric-ready}, 3 for a bad or missing lab or fabric file.
     *
     * @param args the options ({@link #USAGE})
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hotswap: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        // before the first logger: the phases at INFO with -v, warnings only otherwise
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", options.verbose() ? "info" : "warn");
        System.exit(run(options, DriverRegistry.load(), System.out, System.err));
    }

    /**
     * Runs the campaign; blocks until it ended or was stopped (Ctrl-C stops it and powers every port again).
     *
     * @param options what to run
     * @param drivers the drivers
     * @param out     progress and the summary
     * @param err     failures and errors, one line each
     * @return the exit code
     */
    static int run(Options options, DriverRegistry drivers, PrintStream out, PrintStream err) {
        try {
            LabIni lab = options.labIni().isPresent() ? LabIni.load(options.labIni().get())
                    : LabIni.parse(Fabric.simulatedLabIni(options.paths(), drivers), "simulated lab", Path.of("simulated-lab.ini"));
            Discovery live = FabricDiscovery.discover(lab, drivers, Duration.ofSeconds(120));
            FabricDefinition fabric = loadFabric(options, lab, live);
            if (options.strictFabricReady()) {
                FabricStatus status = FabricStatus.of(fabric, live);
                if (status.state() != FabricStatus.State.READY) {
                    err.println("hotswap: fabric " + fabric.fabricId() + " is " + status + " (--strict-fabric-ready)");
                    return 2;
                }
            }
            return runCampaign(options, fabric, lab, drivers, out, err);
        } catch (HalException e) {
            err.println("hotswap: " + e.getMessage());
            return e instanceof dev.benchhal.error.ConfigException || e instanceof dev.benchhal.error.NotFoundException ? 3 : 1;
        }
    }

    /** The fabric: the file bound with {@code benchhal fabric bind}, with the lab INI laid over it, or the lab's own. */
    static FabricDefinition loadFabric(Options options, LabIni lab, Discovery live) {
        if (options.fabric().isEmpty()) {
            return Fabric.compose(lab, live, List.of());
        }
        FabricDefinition stored = FabricDefinition.load(options.fabric().get());
        return options.labIni().isPresent() ? stored.merge(lab) : stored;
    }

    /** The campaign on the fabric's bench: every radio at once, each iteration; the report at the end. */
    static int runCampaign(Options options, FabricDefinition fabric, LabIni lab, DriverRegistry drivers, PrintStream out,
                           PrintStream err) {
        try (Bench bench = Bench.open(Fabric.bench(fabric, lab), drivers)) {
            Map<String, UsbHub> hubs = Fabric.hubs(fabric, bench);
            PcieHost concentrator = bench.get(Fabric.CONCENTRATOR, PcieHost.class);
            // the drivers say which devices are simulators: real power only with --live
            boolean real = !bench.simulates(Fabric.CONCENTRATOR)
                    || fabric.hubs().stream().anyMatch(h -> !bench.simulates(Fabric.hubRole(h.serial())));
            if (real && !options.dryRun() && !options.live()) {
                err.println("hotswap: " + fabric.fabricId() + " is real hardware: add --live to switch its power, or --dry-run");
                return 2;
            }
            HostShell shell = options.smoke().isEmpty() ? null
                    : bench.get(Fabric.role(fabric.concentrator().orElseThrow()), HostShell.class);
            HotSwap hotSwap = new HotSwap(hubs, concentrator, shell, fabric.radioHeads(), bench.clock(), options.out(),
                    Progress.automatic(), new HotSwap.Options(options.iterations(), options.settle(), Duration.ofSeconds(10),
                    Duration.ofSeconds(30), options.dryRun(), options.smoke(), options.failFast(), false));
            CampaignResult result = hotSwap.runStoppableByCtrlC();     // Ctrl-C stops and powers every port again
            CampaignReport.Written report = CampaignReport.write(result.records(), options.out());
            for (Failure f : result.failures()) {
                err.println("FAILED " + f);     // the seed's except*: every failure, with its path and phase
            }
            out.printf("%s: %d cycles, %d failed; report %s%n", fabric.fabricId(), result.cycles(), result.failures().size(),
                    report.html());
            return result.passed() ? 0 : 1;
        }
    }

    /**
     * What a run does: explicit parameters, no hidden globals.
     *
     * @param fabric            a fabric file, or the lab's radio heads
     * @param labIni            the lab INI, or the simulated lab
     * @param paths             radio heads of the simulated lab
     * @param iterations        how often every radio is cycled
     * @param settle            the pause between the vanish and the power-on
     * @param strictFabricReady exit 2 unless the fabric is READY
     * @param dryRun            log every phase, touch nothing
     * @param live              switch the power of real hardware
     * @param failFast          stop after the first iteration with a failure
     * @param smoke             the command run on the concentrator after each cycle
     * @param out               where the records and the report go
     * @param verbose           log the phases
     */
    record Options(Optional<Path> fabric, Optional<Path> labIni, int paths, int iterations, Duration settle,
                   boolean strictFabricReady, boolean dryRun, boolean live, boolean failFast, List<String> smoke, Path out,
                   boolean verbose) {

        /**
         * @param args the command line
         * @return the options
         * @throws IllegalArgumentException naming the option that is wrong
         */
        static Options parse(String... args) {
            Optional<Path> fabric = Optional.empty();
            Optional<Path> labIni = Optional.empty();
            int paths = 4;
            int iterations = 10;
            Duration settle = Duration.ZERO;
            boolean strict = false;
            boolean dryRun = false;
            boolean live = false;
            boolean failFast = false;
            boolean verbose = false;
            List<String> smoke = new ArrayList<>();
            Path out = Path.of("runs", "hotswap");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--fabric" -> fabric = Optional.of(Path.of(value(args, ++i, a)));
                    case "--lab-ini" -> labIni = Optional.of(Path.of(value(args, ++i, a)));
                    case "--no-lab-ini" -> labIni = Optional.empty();
                    case "--paths" -> paths = number(value(args, ++i, a), a, 1, Fabric.MAX_SIMULATED_RADIOS);
                    case "--iterations" -> iterations = number(value(args, ++i, a), a, 1, Integer.MAX_VALUE);
                    case "--settle" -> settle = dev.benchhal.util.Durations.parse(value(args, ++i, a));
                    case "--strict-fabric-ready" -> strict = true;
                    case "--dry-run" -> dryRun = true;
                    case "--live" -> live = true;
                    case "--fail-fast" -> failFast = true;
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "-v", "--verbose" -> verbose = true;
                    case "--smoke" -> {
                        // the rest of the line is the command
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--smoke needs a command, as separate arguments: --smoke lspci -s 01:00.0");
                        }
                        smoke.addAll(List.of(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (strict && fabric.isEmpty()) {
                throw new IllegalArgumentException("--strict-fabric-ready needs --fabric FILE, the fabric to check");
            }
            if (!smoke.isEmpty() && labIni.isEmpty()) {
                throw new IllegalArgumentException("--smoke needs --lab-ini: the simulated lab's concentrator has no shell");
            }
            return new Options(fabric, labIni, paths, iterations, settle, strict, dryRun, live, failFast, List.copyOf(smoke), out, verbose);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String text, String option, int min, int max) {
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException(option + ": expected a whole number from " + min + " to " + max + ", got \"" + text + "\"");
        }
    }
}
