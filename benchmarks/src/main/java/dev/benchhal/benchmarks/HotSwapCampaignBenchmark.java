package dev.benchhal.benchmarks;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.harness.CampaignReport;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.fabric.Fabric;
import dev.benchhal.harness.fabric.FabricDefinition;
import dev.benchhal.harness.fabric.FabricDiscovery;
import dev.benchhal.harness.fabric.LabIni;
import dev.benchhal.harness.hotswap.HotSwap;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.spi.DriverRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fronthaul hot-swap campaign on the simulated lab in virtual time: N radio heads on simulated 8-port hubs
 * coupled to a simulated concentrator, every radio power-cycled at once each of 100 iterations (remove, power off,
 * vanish, power on, return with rescans, link and AER checks), with its records and its report, as
 * {@code benchhal campaign hotswap --paths N --iterations 100} runs it. The goal: 64 paths x 100 iterations in under
 * 5 s of wall time on 2 cores, and a cost linear in paths x iterations.
 *
 * <p>{@link #main} prints the table of {@code benchmarks/README.md}: the whole campaign, and per cycle.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HotSwapCampaignBenchmark {

    /** Iterations of every campaign. */
    public static final int ITERATIONS = 100;

    @Param({"8", "16", "32", "64"})
    public int paths;

    private final DriverRegistry drivers = DriverRegistry.load();
    private LabIni lab;
    private FabricDefinition fabric;
    private Path directory;

    @Setup(Level.Trial)
    public void lab() throws IOException {
        lab = LabIni.parse(Fabric.simulatedLabIni(paths, drivers), "simulated lab", Path.of("simulated-lab.ini").toAbsolutePath());
        fabric = Fabric.compose(lab, FabricDiscovery.discover(lab, drivers, Duration.ofSeconds(30)), List.of());
    }

    @Setup(Level.Invocation)
    public void directory() throws IOException {
        directory = Files.createTempDirectory("benchhal-hotswap-bench");
    }

    @TearDown(Level.Invocation)
    public void removeDirectory() {
        delete(directory);
    }

    /** @return the campaign's result: 100 iterations of every path, its records and report written */
    @Benchmark
    public CampaignResult campaign() {
        return run(drivers, lab, fabric, directory);
    }

    static CampaignResult run(DriverRegistry drivers, LabIni lab, FabricDefinition fabric, Path directory) {
        try (Bench bench = Bench.open(Fabric.bench(fabric, lab), drivers)) {
            HotSwap hotSwap = new HotSwap(Fabric.hubs(fabric, bench), bench.get(Fabric.CONCENTRATOR, PcieHost.class), null,
                    fabric.radioHeads(), bench.clock(), directory, Progress.none(), HotSwap.Options.defaults(ITERATIONS));
            CampaignResult result = hotSwap.run();
            if (!result.passed()) {
                throw new IllegalStateException("the simulated campaign failed: " + result.failures().get(0));
            }
            CampaignReport.write(result.records(), directory);
            return result;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints the whole campaign's wall time (best and median of {@code args[0]} runs, default 5, after two warm-up
     * runs) and the time per cycle, for 8, 16, 32 and 64 paths.
     *
     * @param args how many measured runs
     * @throws IOException when a temporary directory cannot be made
     */
    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        DriverRegistry drivers = DriverRegistry.load();
        System.out.println("| paths | cycles | campaign: best | median | per cycle (median) |");
        System.out.println("|---|---|---|---|---|");
        for (int paths : new int[] {8, 16, 32, 64}) {
            HotSwapCampaignBenchmark b = new HotSwapCampaignBenchmark();
            b.paths = paths;
            b.lab();
            long[] ms = new long[runs];
            for (int i = -2; i < runs; i++) {
                Path dir = Files.createTempDirectory("benchhal-hotswap-bench");
                long t0 = System.nanoTime();
                run(drivers, b.lab, b.fabric, dir);
                long took = (System.nanoTime() - t0) / 1_000_000;
                delete(dir);
                if (i >= 0) {
                    ms[i] = took;
                }
            }
            java.util.Arrays.sort(ms);
            long median = ms[runs / 2];
            int cycles = paths * ITERATIONS;
            System.out.printf(Locale.ROOT, "| %d | %,d | %,d ms | %,d ms | %.3f ms |%n", paths, cycles, ms[0], median,
                    (double) median / cycles);
        }
    }
}
