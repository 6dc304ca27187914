package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.shell.Command;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.guest.TinyGuest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The guest the passthrough campaign is tested with: built here from Debian's packages ({@link TinyGuest}), booted in
 * QEMU's software emulation with a watchdog card as the stand-in for a passed-through device, reached over SSH on a
 * port of 127.0.0.1, where the card is found by its vendor and device ids as the seed's validation scripts find theirs.
 */
class TinyGuestTest {

    @Test
    void theGuestBootsAndShowsItsPciDevicesOverSsh() throws Exception {
        boolean qemu = Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"));
        if (!qemu && "true".equals(System.getenv("CI"))) {
            fail("CI must install qemu-system-x86 (see .ci/run)");
        }
        assumeTrue(qemu, "qemu-system-x86_64 is not installed: the tiny guest is not booted");
        TinyGuest.Image image = TinyGuest.build(Path.of("target/tiny-guest"));
        try (TinyGuest.Running guest = TinyGuest.boot(image, List.of("i6300esb"), Duration.ofMinutes(2))) {
            Path knownHosts = Files.writeString(Files.createTempFile("tiny-guest", ".known_hosts"), image.knownHostsLine(guest.sshPort()) + "\n");
            String uri = "ssh://root@127.0.0.1:" + guest.sshPort() + "?identity=" + image.userKey().toAbsolutePath() + "&knownHosts=" + knownHosts;
            try (HostShell shell = DriverRegistry.load().open(uri, HostShell.class)) {
                String ids = shell.run(Command.of("sh", "-c", "for d in /sys/bus/pci/devices/*; do echo \"$(cat $d/vendor):$(cat $d/device)\"; done"))
                        .stdoutText();
                assertThat(ids.lines()).as("the guest's PCI functions").contains("0x8086:0x25ab", "0x1af4:0x1000");
                assertThat(shell.run(Command.of("uname", "-r")).stdoutText()).contains("cloud-amd64");
            } finally {
                Files.deleteIfExists(knownHosts);
            }
        }
    }
}
