package dev.benchhal.pcie.sysfs;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Trees in a directory with files no kernel should write: identity files that do not parse are
 * errors naming the file and what it held; odd optional files are left out, the rest still reads.
 */
class MalformedSysfsTest {

    @TempDir
    Path dir;

    private Path device(String address, String vendor, String device, String classCode) throws IOException {
        Path d = Files.createDirectories(dir.resolve("devices").resolve(address));
        if (vendor != null) {
            Files.writeString(d.resolve("vendor"), vendor + "\n");
        }
        if (device != null) {
            Files.writeString(d.resolve("device"), device + "\n");
        }
        if (classCode != null) {
            Files.writeString(d.resolve("class"), classCode + "\n");
        }
        return d;
    }

    private PcieHost open() {
        return new PcieProvider().open(DeviceSpec.of("pcie:sysfs:" + dir), DriverContext.standalone());
    }

    private PcieHost openStrict() {
        return new PcieProvider().open(DeviceSpec.of("pcie:sysfs:" + dir + "?strict=true"), DriverContext.standalone());
    }

    private static java.util.List<String> addresses(PcieHost host) {
        return host.devices().stream().map(d -> d.address().toString()).toList();
    }

    /** A 256-byte configuration space of an endpoint whose PCI Express capability says x4 at 8 GT/s of x4 8 GT/s. */
    private static byte[] expressConfig(int vendor, int device) {
        byte[] c = new byte[256];
        c[0] = (byte) vendor;
        c[1] = (byte) (vendor >> 8);
        c[2] = (byte) device;
        c[3] = (byte) (device >> 8);
        c[0x06] = 0x10;                       // capability list
        c[0x34] = 0x40;
        c[0x40] = 0x10;                       // PCI Express, last capability, endpoint
        c[0x40 + 0x0C] = 0x43;                // link capabilities: 8 GT/s, x4
        c[0x40 + 0x12] = 0x43;                // link status: 8 GT/s, x4
        return c;
    }

    @Test
    void aDeviceWhoseIdentityFilesDoNotParseIsLeftOutUnlessStrict() throws IOException {
        device("0000:00:02.0", "0x1af4", "0x1042", "0x010000");
        device("0000:00:03.0", "Red Hat", "0x1041", "0x020000");
        try (PcieHost host = open()) {
            assertThat(addresses(host)).as("the healthy device is not hidden").containsExactly("0000:00:02.0");
        }
        try (PcieHost host = openStrict()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("0000:00:03.0/vendor").hasMessageContaining("\"Red Hat\"");
        }
    }

    @Test
    void aMissingClassFileOrAnOutOfRangeIdLeavesThatDeviceOut() throws IOException {
        device("0000:00:01.0", "0x1af4", "0x1042", "0x010000");
        device("0000:00:02.0", "0x1af4", "0x1042", null);
        try (PcieHost host = open()) {
            assertThat(addresses(host)).containsExactly("0000:00:01.0");
        }
        try (PcieHost host = openStrict()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("0000:00:02.0/class")
                    .hasMessageContaining("missing");
        }
        Files.writeString(dir.resolve("devices/0000:00:02.0/class"), "0x010000\n");
        Files.writeString(dir.resolve("devices/0000:00:02.0/device"), "0x1ffff\n");
        try (PcieHost host = openStrict()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("0x1ffff");
        }
    }

    @Test
    void aDirectoryThatIsNotAnAddressOrASymbolicLinkLoopHidesNothingElse() throws IOException {
        device("0000:00:02.0", "0x1af4", "0x1042", "0x010000");
        Files.createDirectories(dir.resolve("devices/not-a-device"));
        Files.createSymbolicLink(dir.resolve("devices/0000:00:05.0"), dir.resolve("devices/0000:00:05.0"));
        try (PcieHost host = open()) {
            assertThat(addresses(host)).containsExactly("0000:00:02.0");
        }
        try (PcieHost host = openStrict()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("0000:00:05.0");
        }
        Files.delete(dir.resolve("devices/0000:00:05.0"));
        try (PcieHost host = openStrict()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("not-a-device");
        }
    }

    @Test
    void aNamedPipeWhereAFileBelongsIsNeverOpened() throws Exception {
        Path d = device("0000:00:02.0", "0x8086", "0x2725", "0x028000");
        Path ok = device("0000:00:03.0", "0x8086", "0x2725", "0x028000");
        for (String fifo : java.util.List.of("current_link_speed", "config")) {
            Process mkfifo = new ProcessBuilder("mkfifo", d.resolve(fifo).toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
        }
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (PcieHost host = open()) {
            // a read that opened the pipe would wait for a writer forever: the future would not complete
            java.util.List<String> found = one.submit(() -> addresses(host)).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(found).containsExactly("0000:00:02.0", "0000:00:03.0");
            assertThat(host.device(PcieAddress.parse("0000:00:02.0")).orElseThrow().link()).isEmpty();
        } finally {
            one.shutdownNow();
        }
        try (PcieHost host = openStrict()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("not a regular file")
                    .hasMessageContaining("0000:00:02.0/");
        }
        // the remote probe script, run here by a real shell, passes the pipes by too
        try (dev.benchhal.shell.HostShell local = new dev.benchhal.core.shell.LocalHostShell()) {
            ShellSysfs remote = new ShellSysfs(local, dir.resolve("devices").toString(), "/proc/cpuinfo", java.time.Duration.ofSeconds(60));
            SysfsImage image = remote.probe(HostProbe.Request.sysfsOnly()).sysfs();
            assertThat(image.devices()).extracting(DeviceFiles::name).containsExactlyInAnyOrder("0000:00:02.0", "0000:00:03.0");
            assertThat(image.unreadable()).anyMatch(u -> u.contains("0000:00:02.0/current_link_speed: not a regular file"))
                    .anyMatch(u -> u.contains("0000:00:02.0/config: not a regular file"));
        }
        assertThat(ok).exists();
    }

    @Test
    void garbageInALinkFileFallsBackToTheLinkInConfigurationSpace() throws IOException {
        Path radio = device("0000:00:02.0", "0x8086", "0x2725", "0x028000");
        Files.writeString(radio.resolve("current_link_speed"), "\u0000\u00ffgarbage\n");
        Files.writeString(radio.resolve("current_link_width"), "4\n");
        Files.writeString(radio.resolve("max_link_speed"), "8.0 GT/s PCIe\n");
        Files.writeString(radio.resolve("max_link_width"), "4\n");
        Files.write(radio.resolve("config"), expressConfig(0x8086, 0x2725));
        try (PcieHost host = open()) {
            PcieDevice d = host.device(PcieAddress.parse("0000:00:02.0")).orElseThrow();
            assertThat(d.link()).as("the link in configuration space").get().satisfies(l -> {
                assertThat(l.currentGts()).isEqualTo(8.0);
                assertThat(l.currentWidth()).isEqualTo(4);
            });
        }
    }

    @Test
    void aTruncatedConfigurationSpaceIsNotReadAsZeros() throws IOException {
        Path root = device("0000:00:01.0", "0x8086", "0x1901", "0x060400");
        Path below = Files.createDirectories(root.resolve("0000:01:00.0"));
        Files.writeString(below.resolve("vendor"), "0x8086\n");
        Files.writeString(below.resolve("device"), "0x2725\n");
        Files.writeString(below.resolve("class"), "0x028000\n");
        Files.createSymbolicLink(dir.resolve("devices/0000:01:00.0"), below);
        Files.write(root.resolve("config"), new byte[] {(byte) 0x86, (byte) 0x80, 0x01, 0x19, 0, 0, 0x10});
        try (PcieHost host = open()) {
            assertThat(host.tree().roots()).extracting(n -> n.device().address().toString()).containsExactly("0000:00:01.0");
            assertThat(host.tree().roots().get(0).children()).extracting(n -> n.device().address().toString())
                    .containsExactly("0000:01:00.0");
            // the bridge's buses come from the kernel's topology, not from zeros of a header that is not there
            assertThat(String.join("\n", ((SysfsPcieHost) host).treeText(false))).contains("01.0-[01]----00.0");
        }
        try (PcieHost host = openStrict()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("0000:00:01.0/config: 7 bytes, shorter than the 64-byte header");
        }
    }

    @Test
    void oddOptionalFilesAreLeftOutAndTheRestStillReads() throws IOException {
        Path d = device("0000:00:02.0", "0x8086", "0x2725", "0x028000");
        Files.writeString(d.resolve("current_link_speed"), "fast\n");
        Files.writeString(d.resolve("current_link_width"), "1\n");
        Files.writeString(d.resolve("max_link_speed"), "5.0 GT/s PCIe\n");
        Files.writeString(d.resolve("max_link_width"), "1\n");
        Files.writeString(d.resolve("numa_node"), "node zero\n");
        Files.writeString(d.resolve("aer_dev_correctable"), "RxErr lots\n");
        Files.writeString(d.resolve("revision"), "rev A\n");
        Files.write(d.resolve("config"), new byte[] {(byte) 0x86, (byte) 0x80, 0x25, 0x27});
        Path ok = device("0000:00:03.0", "0x8086", "0x2725", "0x028000");
        Files.writeString(ok.resolve("current_link_speed"), "Unknown\n");
        Files.writeString(ok.resolve("current_link_width"), "0\n");
        Files.writeString(ok.resolve("max_link_speed"), "5.0 GT/s PCIe\n");
        Files.writeString(ok.resolve("max_link_width"), "1\n");
        Files.writeString(ok.resolve("aer_dev_correctable"), "RxErr 2\nBadTLP 1\nTOTAL_ERR_COR 3\n");
        Files.writeString(ok.resolve("aer_dev_fatal"), "DLP 1\n");
        try (PcieHost host = open()) {
            PcieDevice odd = host.device(PcieAddress.parse("0000:00:02.0")).orElseThrow();
            assertThat(odd.link()).as("link files that do not parse, config too short to decode").isEmpty();
            assertThat(odd.numaNode()).isEqualTo(-1);
            assertThat(odd.aer()).isEmpty();
            assertThat(odd.revision()).isZero();
            PcieDevice down = host.device(PcieAddress.parse("0000:00:03.0")).orElseThrow();
            assertThat(down.link()).get().satisfies(l -> {
                assertThat(l.currentGts()).as("Unknown: no link trained").isZero();
                assertThat(l.maxGts()).isEqualTo(5.0);
            });
            assertThat(down.aer()).get().satisfies(a -> {
                assertThat(a.correctable()).isEqualTo(3);
                assertThat(a.fatal()).as("no TOTAL line: the sum").isEqualTo(1);
                assertThat(a.nonFatal()).isZero();
            });
        }
    }

    @Test
    void aMissingTreeIsNotFoundAndControlFilesAreNeverCreated() throws IOException {
        device("0000:00:02.0", "0x1af4", "0x1042", "0x010000");
        try (PcieHost host = open()) {
            assertThatThrownBy(() -> host.remove(PcieAddress.parse("0000:00:02.0"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("0000:00:02.0/remove");
            assertThat(dir.resolve("devices/0000:00:02.0/remove")).doesNotExist();
        }
        try (PcieHost host = new PcieProvider().open(DeviceSpec.of("pcie:local?sysdir=" + dir.resolve("nothing")), DriverContext.standalone())) {
            assertThatThrownBy(host::devices).isInstanceOf(NotFoundException.class).hasMessageContaining("nothing");
        }
    }

    @Test
    void remoteProbeOutputThatIsCutOrGarbledIsAProtocolError() {
        String device = "@D 0000:00:02.0\n@R /sys/devices/pci0000:00/0000:00:02.0\n@A vendor\n|0x1af4\n@A device\n|0x1042\n"
                + "@A class\n|0x010000\n";
        assertThat(ShellSysfs.parse("rig", device + "@S 3 0000:00:02\n@E\n").sysfs().devices()).hasSize(1);
        assertThatThrownBy(() -> ShellSysfs.parse("rig", device)).isInstanceOf(ProtocolException.class).hasMessageContaining("ended early");
        assertThatThrownBy(() -> ShellSysfs.parse("rig", device + "@C 8680zz\n@E\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0000:00:02.0/config");
        assertThatThrownBy(() -> ShellSysfs.parse("rig", device + "Welcome to the rig!\n@E\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("Welcome to the rig!");
        assertThatThrownBy(() -> ShellSysfs.parse("rig", "|0x1af4\n@E\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("outside a section");
        assertThatThrownBy(() -> ShellSysfs.parse("rig", device + "@E\n@D 0000:00:03.0\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("after the end mark");
    }

    @Test
    void aFunctionThatVanishedWhileTheRemoteProbeReadItIsLeftOut() {
        String kept = "@D 0000:00:02.0\n@R /sys/devices/pci0000:00/0000:00:02.0\n@A vendor\n|0x1af4\n@A device\n|0x1042\n"
                + "@A class\n|0x010000\n";
        String removedMidRead = "@D 0000:00:03.0\n@R /sys/devices/pci0000:00/0000:00:03.0\n@A vendor\n|0x8086\n@G\n";
        assertThat(ShellSysfs.parse("rig", kept + removedMidRead + "@E\n").sysfs().devices())
                .extracting(DeviceFiles::name).containsExactly("0000:00:02.0");
        assertThatThrownBy(() -> ShellSysfs.parse("rig", "@G\n@E\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("@G before any device");
    }
}
