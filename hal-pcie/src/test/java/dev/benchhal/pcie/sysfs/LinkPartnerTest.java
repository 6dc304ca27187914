package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieLink;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link is degraded when it trained below what both of its ends support: a x16 root port with a
 * x1 radio is healthy, a x4 NIC on a x4 port that trained at x2 is not.
 */
class LinkPartnerTest {

    @TempDir
    Path dir;

    /** A function directory with identity and link files, below {@code parentDir} (or at the top). */
    private Path function(Path parentDir, String address, String classCode, int width, int maxWidth, String gts, String maxGts,
                          int portType) throws IOException {
        Path d = Files.createDirectories((parentDir == null ? dir.resolve("sys") : parentDir).resolve(address));
        Files.writeString(d.resolve("vendor"), "0x8086\n");
        Files.writeString(d.resolve("device"), "0x2725\n");
        Files.writeString(d.resolve("class"), classCode + "\n");
        Files.writeString(d.resolve("current_link_speed"), gts + " GT/s PCIe\n");
        Files.writeString(d.resolve("current_link_width"), width + "\n");
        Files.writeString(d.resolve("max_link_speed"), maxGts + " GT/s PCIe\n");
        Files.writeString(d.resolve("max_link_width"), maxWidth + "\n");
        byte[] c = new byte[256];
        c[0x06] = 0x10;
        c[0x0E] = (byte) (classCode.startsWith("0x0604") ? 1 : 0);
        c[0x34] = 0x40;
        c[0x40] = 0x10;
        c[0x42] = (byte) (portType << 4);
        Files.write(d.resolve("config"), c);
        Files.createDirectories(dir.resolve("devices"));
        Files.createSymbolicLink(dir.resolve("devices").resolve(address), d);
        return d;
    }

    @Test
    void onlyALinkBelowWhatBothEndsSupportIsDegraded() throws IOException {
        Path wide = function(null, "0000:00:01.0", "0x060400", 1, 16, "5.0", "16.0", ExpressCapability.TYPE_ROOT_PORT);
        function(wide, "0000:01:00.0", "0x028000", 1, 1, "5.0", "5.0", 0);
        Path port = function(null, "0000:00:02.0", "0x060400", 2, 4, "5.0", "8.0", ExpressCapability.TYPE_ROOT_PORT);
        function(port, "0000:02:00.0", "0x020000", 2, 4, "5.0", "5.0", 0);
        try (PcieHost host = new PcieProvider().open(DeviceSpec.of("pcie:sysfs:" + dir), DriverContext.standalone())) {
            PcieLink widePort = link(host, "0000:00:01.0");
            assertThat(widePort.belowOwnMaximum()).as("a x16 port with a x1 card").isTrue();
            assertThat(widePort.partnerKnown()).isTrue();
            assertThat(widePort.degraded()).as("trained to what the radio supports").isFalse();
            PcieLink radio = link(host, "0000:01:00.0");
            assertThat(radio.degraded()).isFalse();
            assertThat(radio.partnerMaxWidth()).isEqualTo(16);

            PcieLink nic = link(host, "0000:02:00.0");
            assertThat(nic.degraded()).as("x2 where both ends support x4").isTrue();
            assertThat(nic.commonMaxWidth()).isEqualTo(4);
            assertThat(nic.commonMaxGts()).as("the NIC's 5 GT/s, not the port's 8").isEqualTo(5.0);
            assertThat(link(host, "0000:00:02.0").degraded()).as("the port's view of the same link").isTrue();

            String dump = ConcentratorReport.human(host.snapshot(new SnapshotOptions("t", true, 0, false)), PciIds.system(),
                    new ConcentratorReport.Options(true, 40, 0));
            assertThat(dump).containsPattern("0000:02:00.0 .*DEGRADED: both ends support x4 5.0 GT/s")
                    .doesNotContainPattern("0000:00:01.0 .*DEGRADED");
        }
    }

    private static PcieLink link(PcieHost host, String address) {
        PcieDevice d = host.device(PcieAddress.parse(address)).orElseThrow();
        return d.link().orElseThrow();
    }

    @Test
    void aLinkWhoseOtherEndIsUnknownIsNeverCalledDegraded() {
        PcieLink alone = new PcieLink(2.5, 1, 5.0, 1);
        assertThat(alone.belowOwnMaximum()).isTrue();
        assertThat(alone.partnerKnown()).isFalse();
        assertThat(alone.degraded()).isFalse();
        assertThat(alone.withPartner(new PcieLink(2.5, 1, 5.0, 4)).degraded()).isTrue();
        assertThat(new PcieLink(0, 0, 5.0, 4).withPartner(new PcieLink(0, 0, 5.0, 4)).degraded()).as("a link that is down").isFalse();
    }
}
