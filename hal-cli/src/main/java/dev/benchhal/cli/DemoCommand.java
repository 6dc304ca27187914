package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.error.HalException;
import dev.benchhal.error.UnsupportedFeatureException;
import dev.benchhal.harness.CampaignReport;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.RecordLog;
import dev.benchhal.harness.hotswap.HotSwap;
import dev.benchhal.harness.hotswap.RadioHead;
import dev.benchhal.harness.Failure;
import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.NodeConfigResponse;
import dev.benchhal.lin.ldf.NodeConfiguration;
import dev.benchhal.lin.mock.LinFault;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieLink;
import dev.benchhal.pcie.PcieMatch;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.core.psu.Settle;
import dev.benchhal.core.psu.SettleResult;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.ProviderInfo;
import dev.benchhal.core.time.Await;
import dev.benchhal.time.BenchClock;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.util.Durations;
import dev.benchhal.util.Hex;
import picocli.CommandLine;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code benchhal demo}: the main job on the simulated bench. Touches no hardware: it opens the
 * demo bench (or the one given with {@code --bench}), probes the rig through its HostShell, runs
 * drives the ambient-light module on the simulated LIN bus, runs a one-hour soak in virtual time
 * and shows LIN frame arithmetic, applies and settles a voltage on the simulated supply,
 * power-cycles a radio head through its hub port on the simulated PCIe fabric, and runs a
 * virtual machine on libvirt's test driver. Real devices in a {@code --bench} are left alone.
 */
@CommandLine.Command(name = "demo", description = DemoCommand.SUMMARY)
final class DemoCommand implements Callable<Integer> {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "Run the demo on the simulated bench (no hardware is touched).";

    @ParentCommand
    BenchHalCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BenchConfig config = root.benchFile != null ? root.resolveBench() : demoBench();

        out.println("== Installed drivers");
        for (ProviderInfo p : root.registry().installed()) {
            out.printf("   %-10s %-18s %s%n", p.scheme(), p.family(), p.description());
        }

        out.println("== Bench " + config.name() + ": " + String.join(", ", config.devices().keySet()));
        try (Bench bench = Bench.open(config, root.registry())) {
            if (bench.has("rig")) {
                probeRig(bench.get("rig", HostShell.class), out);
            }
            if (bench.has("lin")) {
                LinInterface lin = bench.get("lin", LinInterface.class);
                if (lin instanceof LinMock) {
                    ambientLight((LinMock) lin, out);
                } else {
                    out.println("== LIN role " + lin.uri() + " is not simulated: the demo leaves it alone");
                }
            }
            if (bench.has("psu")) {
                if (bench.simulates("psu")) {
                    supply(bench.get("psu", PowerSupply.class), out);
                } else {
                    out.println("== Supply " + config.device("psu").orElseThrow().uri() + " is real: the demo leaves it alone");
                }
            }
            if (bench.has("hub") && bench.has("concentrator")) {
                if (bench.simulates("hub") && bench.simulates("concentrator")) {
                    hotSwap(bench.get("hub", UsbHub.class), bench.get("concentrator", PcieHost.class),
                            RadioHead.fromTopology(config.topology(), config.name()), bench.clock(), out);
                } else {
                    out.println("== Hub or concentrator is real: the demo leaves them alone");
                }
            }
            if (bench.has("hv")) {
                try {
                    virtualMachine(bench.get("hv", HypervisorClient.class), out);
                } catch (UnsupportedFeatureException e) {
                    // a machine with only a JDK: the step whose system library is missing says so, the rest runs
                    out.println("== Virtual machine: skipped, " + e.getMessage());
                }
            }
        }

        soakInVirtualTime(out);
        linArithmetic(out);
        out.println("== Done: no hardware was touched.");
        return ExitCode.OK;
    }

    private static BenchConfig demoBench() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo-bench.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return BenchFiles.parse(text, "demo-bench.yaml", Path.of("").toAbsolutePath());
        }
    }

    private static void probeRig(HostShell rig, PrintWriter out) {
        out.println("== Rig " + rig.hostLabel() + " through its HostShell");
        CommandResult kernel = rig.run("uname", "-srm");
        out.println("   kernel:      " + kernel.stdoutText().strip());
        String cpuinfo = rig.readText("/proc/cpuinfo");
        long cpus = cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
        String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        out.println("   cpu:         " + cpus + " x " + model);
        CommandResult pci = rig.run(Command.of("ls", "/sys/bus/pci/devices").withTimeout(Duration.ofSeconds(10)));
        long functions = pci.succeeded() ? pci.stdoutText().lines().count() : 0;
        out.println("   pci:         " + functions + " functions in /sys/bus/pci/devices");
        out.println("   round trip:  " + kernel.duration().toMillis() + " ms for uname");
    }

    /** The seed's ambient-light test on the simulated bus: discover the node, light it, read the PWM. */
    private static void ambientLight(LinMock bus, PrintWriter out) {
        out.println("== Ambient-light module on " + bus.uri() + " (" + bus.ldf().source() + ")");
        FrameIO fio = new FrameIO(bus, bus.ldf());
        bus.send(NodeConfiguration.readByIdentifier(NodeConfiguration.BROADCAST_NAD, NodeConfiguration.IDENTIFIER_PRODUCT_ID,
                NodeConfiguration.WILDCARD_SUPPLIER, NodeConfiguration.WILDCARD_FUNCTION));
        NodeConfigResponse id = NodeConfigResponse.parse(bus.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8));
        int nad = id.nad();
        out.printf(Locale.ROOT, "   discovered:  NAD 0x%02X, %s%n", nad, id.productId());
        Duration start = bus.busTime();
        Map<String, Object> red = new HashMap<>();
        red.put("AmbLightColourRed", 255);
        red.put("AmbLightIntensity", 255);
        red.put("AmbLightDuration", 10);
        red.put("AmbLightLIDFrom", nad);
        red.put("AmbLightLIDTo", nad);
        fio.send("ALM_Req_A", red);
        Duration poll = Duration.ofMillis(50);
        Object state = fio.readSignal("ALM_Status", "ALMLEDState", poll).orElse("silent");
        out.println("   request:     red at full, duration 10 x 200 ms -> LED " + state);
        while ("ANIMATING".equals(state)) {
            bus.clock().sleep(poll);
            state = fio.readSignal("ALM_Status", "ALMLEDState", poll).orElse("silent");
        }
        out.println("   LED " + state + " after " + Durations.format(bus.busTime().minus(start)) + " of bus time");
        out.println("   PWM_Frame:   " + fio.receive("PWM_Frame", poll).orElse(Map.of()));
        out.println("   PWM_wo_Comp: " + fio.receive("PWM_wo_Comp", poll).orElse(Map.of()));
        bus.faults().once("ALM_Status", LinFault.NO_RESPONSE);
        out.println("   injected no response: receive -> " + fio.receive("ALM_Status", poll).map(m -> "answered")
                .orElse("empty, as on a silent ECU"));
        out.println("   trace:       " + bus.trace().total() + " events, last: " + bus.trace().entries().get(
                bus.trace().entries().size() - 1).toLine().strip());
    }

    /** The simulated supply: 13.5 V applied, settled and held, then off. */
    private static void supply(PowerSupply psu, PrintWriter out) {
        out.println("== Supply " + psu.identity().vendor() + " " + psu.identity().model() + " (" + psu.uri() + ")");
        psu.setCurrent(1.0);
        psu.setOutput(true);
        SettleResult r = Settle.applyVoltageAndSettle(psu, 13.5, Settle.options().validationTime(Duration.ofMillis(200)),
                BenchClock.system());
        out.printf(Locale.ROOT, "   13.5 V applied: settled in %s, held for %s, %.3f V, %.3f A%n", Durations.format(r.settleTime()),
                Durations.format(r.validationTime()), r.finalVolts(), psu.measureCurrent());
        psu.setOutput(false);
        out.println("   output off");
    }

    /**
     * A short hot-swap campaign ({@link HotSwap}, as {@code benchhal campaign hotswap} runs it): every radio head of
     * the bench's topology power-cycled through its hub port at once, one thread each, twice: each must vanish, then
     * come back at its address with the link width the topology expects. The hub and the concentrator are shared by
     * all paths; every port is powered again at the end whatever happened; the records and the report go to a
     * temporary directory.
     */
    private static void hotSwap(UsbHub hub, PcieHost concentrator, List<RadioHead> radios, BenchClock clock, PrintWriter out)
            throws IOException {
        if (radios.isEmpty()) {
            out.println("== No radio heads in the bench's topology (topology.radios): no hot-swap");
            return;
        }
        HostSnapshot before = concentrator.snapshot(SnapshotOptions.defaults("demo"));
        out.println("== Hot-swap campaign on the simulated fabric (" + before.devices().size() + " PCI functions, "
                + before.wirelessDevices().size() + " radio heads; " + radios.size() + " power-cycled at once, 2 iterations)");
        Path dir = java.nio.file.Files.createTempDirectory("benchhal-demo-hotswap-");
        CampaignResult result = new HotSwap(hub, concentrator, null, radios, clock, dir, Progress.none(), HotSwap.Options.defaults(2)).run();
        Map<String, Map<String, Object>> lastCycle = new HashMap<>();
        for (Map<String, Object> r : RecordLog.read(result.records()).records()) {
            if ("cycle".equals(r.get("event")) && Boolean.TRUE.equals(r.get("ok"))) {
                lastCycle.put(String.valueOf(r.get("path")), r);
            }
        }
        for (RadioHead radio : radios) {
            Map<String, Object> r = lastCycle.get(radio.name());
            if (r != null) {
                out.printf(Locale.ROOT, "   %s (hub port %d): %s gone and back in %s, x%s %s, as the topology expects%n", radio.name(),
                        radio.port(), radio.address(), Durations.format(Duration.ofMillis(((Number) r.get("ms")).longValue())),
                        r.get("linkWidth"), r.get("linkSpeed"));
            }
        }
        CampaignReport.Written report = CampaignReport.write(result.records(), dir);
        out.println("   records " + result.records() + ", report " + report.html());
        if (!result.failures().isEmpty()) {
            result.failures().forEach(f -> out.println("   FAILED " + f));
            Failure first = result.failures().get(0);
            int more = result.failures().size() - 1;
            throw new HalException(null, first.message() + (more > 0 ? " (and " + more + " more failure" + (more > 1 ? "s" : "")
                    + ": see above)" : ""));
        }
    }

    /** A domain defined, started and cleaned up on libvirt's test driver; nothing is left behind. */
    private static void virtualMachine(HypervisorClient hv, PrintWriter out) {
        if (!hv.uri().target().startsWith("test:")) {
            out.println("== Hypervisor " + hv.uri() + " is real: the demo leaves it alone");
            return;
        }
        out.println("== Virtual machine on " + hv.uri());
        String name = "demo-vm-" + ProcessHandle.current().pid();
        hv.define(DomainSpec.builder(name).memoryMiB(512).vcpus(2).build());
        hv.start(name);
        out.println("   " + name + ": " + hv.state(name) + ", leftovers now " + hv.leftovers());
        hv.destroy(name);
        hv.undefine(name);
        out.println("   destroyed and undefined, leftovers now " + hv.leftovers());
    }

    /** A rail charging towards 12 V, sampled once a second for an hour of virtual time. */
    private static void soakInVirtualTime(PrintWriter out) {
        out.println("== One-hour soak in virtual time");
        VirtualClock clock = VirtualClock.autoAdvancing();
        long realStart = System.nanoTime();
        long start = clock.nanoTime();
        double tau = 0.8;
        double settledAt = Await.until(clock, "rail within 0.05 V of 12 V",
                () -> clock.since(start).toNanos() / 1e9,
                t -> 12.0 * (1 - Math.exp(-t / tau)) >= 11.95,
                Duration.ofSeconds(30), Duration.ofMillis(100));
        long soakStart = clock.nanoTime();
        int samples = 0;
        while (clock.since(soakStart).compareTo(Duration.ofHours(1)) < 0) {
            clock.sleep(Duration.ofSeconds(1));
            samples++;
        }
        out.printf(Locale.ROOT, "   rail settled after %.1f s, then %d samples over %s of virtual time in %s of real time%n",
                settledAt, samples, Durations.format(clock.since(soakStart)),
                Durations.format(Duration.ofNanos(System.nanoTime() - realStart)));
    }

    private static void linArithmetic(PrintWriter out) {
        out.println("== LIN frames");
        LinFrame req = LinFrame.of(0x0A, 0xFF, 0x00, 0x00, 0xFF, 0x00, 0x0A, 0x01, 0x01);
        LinFrame diag = LinFrame.of(0x3C, 0x7F, 0x06, 0xB2, 0x00, 0xFF, 0x7F, 0xFF, 0xFF);
        for (LinFrame f : new LinFrame[]{req, diag}) {
            out.printf("   %s pid=%s checksum=%s time=%s at 19200 baud%n", f, Hex.byteLiteral(f.protectedId()),
                    Hex.byteLiteral(f.checksum()), Durations.format(LinProtocol.nominalFrameTime(f.length(), 19200)));
        }
    }
}
