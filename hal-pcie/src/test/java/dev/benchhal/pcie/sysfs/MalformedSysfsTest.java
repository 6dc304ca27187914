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

    @Test
    void aVendorFileThatIsNotHexIsAProtocolErrorNamingTheFileAndItsContent() throws IOException {
        device("0000:00:02.0", "0x1af4", "0x1042", "0x010000");
        device("0000:00:03.0", "Red Hat", "0x1041", "0x020000");
        try (PcieHost host = open()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("0000:00:03.0/vendor").hasMessageContaining("\"Red Hat\"");
        }
    }

    @Test
    void aMissingClassFileOrAnOutOfRangeIdIsAProtocolError() throws IOException {
        device("0000:00:02.0", "0x1af4", "0x1042", null);
        try (PcieHost host = open()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("0000:00:02.0/class")
                    .hasMessageContaining("missing");
        }
        Files.writeString(dir.resolve("devices/0000:00:02.0/class"), "0x010000\n");
        Files.writeString(dir.resolve("devices/0000:00:02.0/device"), "0x1ffff\n");
        try (PcieHost host = open()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("0x1ffff");
        }
    }

    @Test
    void aDirectoryThatIsNotAnAddressIsAProtocolError() throws IOException {
        device("0000:00:02.0", "0x1af4", "0x1042", "0x010000");
        Files.createDirectories(dir.resolve("devices/not-a-device"));
        try (PcieHost host = open()) {
            assertThatThrownBy(host::devices).isInstanceOf(ProtocolException.class).hasMessageContaining("not-a-device");
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
