package dev.benchhal.pcie.sysfs;

import dev.benchhal.DeviceUri;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
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
import dev.benchhal.tck.ssh.LoopbackSshServer;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The driver on a "remote" host: this machine through a real sshd on 127.0.0.1, read with one script per probe. */
class RemoteHostTest {

    private static LoopbackSshServer sshd;
    private static Path keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(LoopbackSshServer.available() || "true".equals(System.getenv("CI")), "openssh-server is not installed");
        keys = Files.createTempDirectory("benchhal-pcie-ssh");
        sshd = LoopbackSshServer.start(keys);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static String ssh(String options) {
        return "pcie:" + sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts() + options;
    }

    @Test
    void theRemoteViewOfThisMachineEqualsTheLocalOne() {
        try (PcieHost remote = new PcieProvider().open(DeviceSpec.of(ssh("")), DriverContext.standalone());
             PcieHost local = new PcieProvider().open(DeviceSpec.of("pcie:local"), DriverContext.standalone())) {
            assertThat(remote.devices()).isNotEmpty().isEqualTo(local.devices());
            assertThat(((SysfsPcieHost) remote).treeText(true)).isEqualTo(((SysfsPcieHost) local).treeText(true));
            HostSnapshot r = remote.snapshot(SnapshotOptions.defaults("remote"));
            HostSnapshot l = local.snapshot(SnapshotOptions.defaults("local"));
            assertThat(r.cpu()).isEqualTo(l.cpu()).isPresent();
            assertThat(r.devices()).isEqualTo(l.devices());
            assertThat(r.lspciTree()).isEqualTo(l.lspciTree());
            assertThat(r.baseboard()).isEqualTo(l.baseboard());
        }
    }

    @Test
    void aSnapshotOfHundredsOfFunctionsIsOneRoundTrip() throws Exception {
        try (SimulatedPciTree tree = new SimulatedPciTree(SimLayout.concentrator(8, 1, 300), BenchClock.system(), Duration.ZERO, null);
             HostShell shell = DriverRegistry.load().open(DeviceSpec.of(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts="
                     + sshd.knownHosts()), HostShell.class, DriverContext.standalone())) {
            Counting counting = new Counting(shell);
            String devices = tree.root().resolve("bus/pci/devices").toString();
            ShellSysfs remote = new ShellSysfs(counting, devices, tree.root().resolve("proc/cpuinfo").toString(), Duration.ofSeconds(60));
            SysfsPcieHost host = new SysfsPcieHost(DeviceUri.parse("pcie:remote"), remote, PciIds.system(), BenchClock.system(), null);
            HostSnapshot s = host.snapshot(SnapshotOptions.defaults("rig"));
            assertThat(counting.calls.get()).isEqualTo(1);
            assertThat(s.devices()).isEqualTo(tree.host(DeviceUri.parse("pcie:sim"), PciIds.system()).devices()).hasSizeGreaterThanOrEqualTo(300);
            assertThat(s.cpu()).get().satisfies(c -> assertThat(c.logicalCpus()).isEqualTo(8));
            tree.emptySlot("9", "0000:09:00");
            assertThat(host.slots()).as("slots with power and card, read remotely")
                    .isEqualTo(tree.host(DeviceUri.parse("pcie:sim"), PciIds.system()).slots()).hasSize(9)
                    .last().satisfies(slot -> assertThat(slot.empty()).isTrue());
        }
    }

    @Test
    void writesGoToTheRemoteControlFilesQuotedAndChecked() throws Exception {
        // a plain directory tree on the remote side: the writes land in its files
        Path bus = dir.resolve("odd dir; $(x)/bus/pci");
        Path device = Files.createDirectories(bus.resolve("devices/0000:00:02.0"));
        Files.writeString(device.resolve("vendor"), "0x1af4\n");
        Files.writeString(device.resolve("device"), "0x1042\n");
        Files.writeString(device.resolve("class"), "0x010000\n");
        Files.writeString(device.resolve("remove"), "");
        Files.writeString(bus.resolve("rescan"), "");
        try (PcieHost host = new PcieProvider().open(DeviceSpec.of(ssh("&sysdir=" + bus.resolve("devices").toString()
                .replace(" ", "%20").replace(";", "%3B").replace("$", "%24").replace("(", "%28").replace(")", "%29"))),
                DriverContext.standalone())) {
            assertThat(host.devices()).extracting(d -> d.address().toString()).containsExactly("0000:00:02.0");
            host.remove(PcieAddress.parse("0000:00:02.0"));
            assertThat(Files.readString(device.resolve("remove"))).isEqualTo("1");
            host.rescan();
            assertThat(Files.readString(bus.resolve("rescan"))).isEqualTo("1");
            assertThatThrownBy(() -> host.reset(PcieAddress.parse("0000:00:02.0"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("reset").hasMessageContaining("no such control file");
            assertThatThrownBy(() -> host.remove(PcieAddress.parse("0000:00:03.0"))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aBenchRoleHostShellCarriesTheRemoteHost() {
        String yaml = String.join("\n",
                "devices:",
                "  rig: \"" + sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts() + "\"",
                "  concentrator: \"pcie:remote?via=rig\"",
                "");
        try (Bench bench = Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load());
             PcieHost local = new PcieProvider().open(DeviceSpec.of("pcie:local"), DriverContext.standalone())) {
            assertThat(bench.get("concentrator", PcieHost.class).devices()).isEqualTo(local.devices());
        }
        assertThatThrownBy(() -> new PcieProvider().open(DeviceSpec.of("pcie:remote"), DriverContext.standalone()))
                .isInstanceOf(dev.benchhal.error.ConfigException.class).hasMessageContaining("via=ROLE");
    }

    @Test
    void aMissingDevicesDirectoryIsNotFound() {
        try (PcieHost host = new PcieProvider().open(DeviceSpec.of(ssh("&sysdir=/nonexistent/devices")), DriverContext.standalone())) {
            assertThatThrownBy(host::devices).isInstanceOf(NotFoundException.class).hasMessageContaining("/nonexistent/devices");
        }
    }

    /** Counts the commands a host runs. */
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
