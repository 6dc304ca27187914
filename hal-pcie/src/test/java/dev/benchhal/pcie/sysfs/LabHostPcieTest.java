package dev.benchhal.pcie.sysfs;

import dev.benchhal.DeviceUri;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.pcie.sysfs.sim.SimLayout;
import dev.benchhal.pcie.sysfs.sim.SimulatedPciTree;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.shell.ForwardingHostShell;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The driver on a lab host that is a container of its own ({@link LabHostContainer}), over SSH: the kernel's own PCI
 * bus as the container sees it (the same kernel as this machine's), and a concentrator's tree from the simulator
 * copied in, read with one script per probe, radios powered off and on through the container's handles, control
 * files written quoted and checked.
 */
class LabHostPcieTest {

    private static SimulatedPciTree tree;
    private static LabHostContainer host;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        LabHostContainer.assumeDocker();
        tree = new SimulatedPciTree(SimLayout.concentrator(8, 1, 300), BenchClock.system(), Duration.ZERO, null);
        host = new LabHostContainer().withSysfsTree(tree.root());
        host.start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (tree != null) {
            tree.close();
        }
    }

    private static String ssh(String options) {
        return "pcie:" + host.sshUri() + options;
    }

    private static PcieHost model() {
        return tree.host(DeviceUri.parse("pcie:sim"), PciIds.system());
    }

    @Test
    void theLabHostsViewOfTheKernelsBusEqualsThisMachines() {
        try (PcieHost remote = new PcieProvider().open(DeviceSpec.of(ssh("")), DriverContext.standalone());
             PcieHost local = new PcieProvider().open(DeviceSpec.of("pcie:local"), DriverContext.standalone())) {
            assertThat(remote.devices()).isNotEmpty().isEqualTo(local.devices());
            assertThat(((SysfsPcieHost) remote).treeText(true)).isEqualTo(((SysfsPcieHost) local).treeText(true));
            HostSnapshot r = remote.snapshot(SnapshotOptions.defaults("remote"));
            HostSnapshot l = local.snapshot(SnapshotOptions.defaults("local"));
            assertThat(r.cpu()).isEqualTo(l.cpu()).isPresent();
            assertThat(r.devices()).isEqualTo(l.devices());
            assertThat(r.lspciTree()).isEqualTo(l.lspciTree());
        }
    }

    @Test
    void theLabHostsTreeReadOverSshIsTheSimulatorsAndARadioVanishesWhilePoweredOff() {
        String yaml = "devices:\n"
                + "  labhost: \"" + host.sshUri() + "\"\n"
                + "  concentrator: \"" + host.pcieUri("labhost") + "\"\n";
        try (Bench bench = Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load())) {
            PcieHost remote = bench.get("concentrator", PcieHost.class);
            PcieHost model = model();
            assertThat(remote.devices()).isEqualTo(model.devices()).hasSizeGreaterThanOrEqualTo(300);
            assertThat(remote.snapshot(SnapshotOptions.defaults("labhost")).cpu()).isPresent();

            PcieAddress radio = tree.radios().get(1);
            host.powerOff(radio.toString());
            assertThat(remote.devices()).extracting(d -> d.address()).doesNotContain(radio).hasSize(model.devices().size() - 1);
            host.powerOn(radio.toString());
            assertThat(remote.devices()).isEqualTo(model.devices());
        }
        assertThatThrownBy(() -> host.powerOff("0000:05:00.0 /")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PcieProvider().open(DeviceSpec.of("pcie:remote"), DriverContext.standalone()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("via=ROLE");
    }

    @Test
    void aSnapshotOfHundredsOfFunctionsIsOneRoundTrip() {
        Counting counting = new Counting(host.hostShell());
        ShellSysfs remote = new ShellSysfs(counting, LabHostContainer.SYSFS + "/bus/pci/devices",
                LabHostContainer.SYSFS + "/proc/cpuinfo", Duration.ofSeconds(60));
        SysfsPcieHost concentrator = new SysfsPcieHost(DeviceUri.parse("pcie:remote"), remote, PciIds.system(),
                BenchClock.system(), null);
        HostSnapshot s = concentrator.snapshot(SnapshotOptions.defaults("rig"));
        assertThat(counting.calls.get()).isEqualTo(1);
        assertThat(s.devices()).isEqualTo(model().devices()).hasSizeGreaterThanOrEqualTo(300);
        assertThat(s.cpu()).get().satisfies(c -> assertThat(c.logicalCpus()).isEqualTo(8));
        assertThat(concentrator.slots()).as("slots with power and card, read remotely").isEqualTo(model().slots()).hasSize(8);
    }

    @Test
    void writesGoToTheRemoteControlFilesQuotedAndChecked() {
        // a plain directory tree on the lab host, at a path no shell may take apart: the writes land in its files
        HostShell shell = host.hostShell();
        String bus = "/tmp/odd dir; $(x) " + java.util.UUID.randomUUID() + "/bus/pci";
        String device = bus + "/devices/0000:00:02.0";
        shell.run("mkdir", "-p", device).requireSuccess();
        shell.writeFile(device + "/vendor", bytes("0x1af4\n"));
        shell.writeFile(device + "/device", bytes("0x1042\n"));
        shell.writeFile(device + "/class", bytes("0x010000\n"));
        shell.writeFile(device + "/remove", bytes(""));
        shell.writeFile(bus + "/rescan", bytes(""));
        try (PcieHost remote = new PcieProvider().open(DeviceSpec.of(ssh("&sysdir=" + DeviceUri.encodeValue(bus + "/devices"))),
                DriverContext.standalone())) {
            assertThat(remote.devices()).extracting(d -> d.address().toString()).containsExactly("0000:00:02.0");
            remote.remove(PcieAddress.parse("0000:00:02.0"));
            assertThat(shell.readText(device + "/remove")).isEqualTo("1");
            remote.rescan();
            assertThat(shell.readText(bus + "/rescan")).isEqualTo("1");
            assertThatThrownBy(() -> remote.reset(PcieAddress.parse("0000:00:02.0"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("reset").hasMessageContaining("no such control file");
            assertThatThrownBy(() -> remote.remove(PcieAddress.parse("0000:00:03.0"))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aMissingDevicesDirectoryIsNotFound() {
        try (PcieHost remote = new PcieProvider().open(DeviceSpec.of(ssh("&sysdir=/nonexistent/devices")),
                DriverContext.standalone())) {
            assertThatThrownBy(remote::devices).isInstanceOf(NotFoundException.class).hasMessageContaining("/nonexistent/devices");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts the commands and file reads a host serves. */
    private static final class Counting extends ForwardingHostShell {
        final AtomicInteger calls = new AtomicInteger();

        Counting(HostShell inner) {
            super(inner);
        }

        @Override
        public CommandResult run(Command command) {
            calls.incrementAndGet();
            return super.run(command);
        }

        @Override
        public byte[] readFile(String path) {
            calls.incrementAndGet();
            return super.readFile(path);
        }

        @Override
        public void writeFile(String path, byte[] content) {
            calls.incrementAndGet();
            super.writeFile(path, content);
        }
    }
}
