package dev.benchhal.benchmarks;

import dev.benchhal.DeviceUri;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.pcie.sysfs.PciIds;
import dev.benchhal.pcie.sysfs.PcieProvider;
import dev.benchhal.pcie.sysfs.sim.SimLayout;
import dev.benchhal.pcie.sysfs.sim.SimulatedPciTree;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.time.BenchClock;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PCI enumeration in process against one run of {@code lspci -vmm -nn -D} (what Python glue
 * runs and parses), on this machine's sysfs; and the same enumeration of a 512-function simulated
 * tree, which is read from its directory with the same code. {@code devices} reads every device
 * directory (ids, class, links, AER, config space, driver, IOMMU group, slots) and parses it;
 * {@code snapshot} is the concentrator dump without lspci and dmidecode.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PcieSnapshotBenchmark {

    /** Functions in the simulated tree: a small rig, a concentrator, a large host. */
    @Param({"8", "64", "512", "1024"})
    public int functions;

    private PcieHost local;
    private SimulatedPciTree tree;
    private PcieHost simulated;
    private final SnapshotOptions noTools = new SnapshotOptions("bench", true, 0, false);

    @Setup(Level.Trial)
    public void open() {
        local = new PcieProvider().open(DeviceSpec.of("pcie:local"), DriverContext.standalone());
        tree = new SimulatedPciTree(SimLayout.concentrator(8, functions), BenchClock.system(), Duration.ZERO, null);
        simulated = tree.host(DeviceUri.parse("pcie:sim"), PciIds.system());
    }

    @TearDown(Level.Trial)
    public void close() {
        local.close();
        simulated.close();
    }

    /** This machine: every device read and parsed in process. */
    @Benchmark
    public List<PcieDevice> thisMachineDevices() {
        return local.devices();
    }

    /** This machine: CPU, devices and links for the dump (no external tools). */
    @Benchmark
    public HostSnapshot thisMachineSnapshot() {
        return local.snapshot(noTools);
    }

    /** Baseline: one run of lspci -vmm -nn -D, output read to the end. */
    @Benchmark
    public int lspciVmmRun() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("lspci", "-vmm", "-nn", "-D").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int bytes = p.getInputStream().readAllBytes().length;
        p.waitFor();
        return bytes;
    }

    /** The simulated tree: every device read from the directory tree and parsed. */
    @Benchmark
    public List<PcieDevice> simulatedDevices() {
        return simulated.devices();
    }

    /** The simulated tree: the dump's snapshot. */
    @Benchmark
    public HostSnapshot simulatedSnapshot() {
        return simulated.snapshot(noTools);
    }

    /** The peer on the same tree: lspci -vmm -nn -D reading the simulated sysfs (pciutils' sysfs.path), output read to the end. */
    @Benchmark
    public int lspciSimulated() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("lspci", "-A", "linux-sysfs", "-O", "sysfs.path=" + tree.root().resolve("bus/pci"),
                "-vmm", "-nn", "-D").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int bytes = p.getInputStream().readAllBytes().length;
        p.waitFor();
        return bytes;
    }
}
