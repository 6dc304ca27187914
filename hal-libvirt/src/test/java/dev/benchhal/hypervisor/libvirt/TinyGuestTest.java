package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.guest.PrivateLibvirtd;
import dev.benchhal.tck.guest.TinyGuest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The guest the passthrough campaign is tested with: built here from Debian's packages ({@link TinyGuest}), booted in
 * QEMU's software emulation with emulated cards standing in for passed-through devices, reached over SSH on a port of
 * 127.0.0.1, where the cards are found by their vendor and device ids as the seed's validation scripts find theirs:
 * by QEMU alone, and as a libvirt domain with a forwarded port ({@link DomainSpec.PortForward}) and
 * {@link DomainSpec.EmulatedDevice}s.
 */
class TinyGuestTest {

    private static final String IDS = "for d in /sys/bus/pci/devices/*; do echo \"$(cat $d/vendor):$(cat $d/device)"
            + " $(basename \"$(readlink $d/driver)\")\"; done";

    @Test
    void theGuestBootsAndShowsItsPciDevicesOverSsh() throws Exception {
        boolean qemu = Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"));
        if (!qemu && "true".equals(System.getenv("CI"))) {
            fail("CI must install qemu-system-x86 (see .ci/run)");
        }
        assumeTrue(qemu, "qemu-system-x86_64 is not installed: the tiny guest is not booted");
        TinyGuest.Image image = TinyGuest.build(Path.of("target/tiny-guest"));
        try (TinyGuest.Running guest = TinyGuest.boot(image, List.of("i6300esb"), Duration.ofMinutes(2));
             HostShell shell = open(image, guest.sshPort())) {
            assertThat(shell.run(Command.of("sh", "-c", IDS)).stdoutText().lines()).as("the guest's PCI functions")
                    .contains("0x8086:0x25ab ", "0x1af4:0x1000 virtio-pci");
            assertThat(shell.run(Command.of("uname", "-r")).stdoutText()).contains("cloud-amd64");
        }
    }

    @Test
    void asALibvirtDomainItIsReachedThroughAForwardedPortAndShowsTheEmulatedCards() throws Exception {
        TinyGuest.Image image = TinyGuest.build(Path.of("target/tiny-guest"));
        int port = freePort();
        try (PrivateLibvirtd daemon = PrivateLibvirtd.start();
             HypervisorClient hv = new LibvirtProvider().open(DeviceSpec.of("libvirt:" + daemon.libvirtUri()),
                     DriverContext.standalone())) {
            hv.define(DomainSpec.builder("tiny-guest").memoryMiB(256)
                    .kernelBoot(new DomainSpec.KernelBoot(image.kernel().toAbsolutePath().toString(),
                            Optional.of(image.initrd().toAbsolutePath().toString()), "console=ttyS0 quiet panic=-1"))
                    .forward(DomainSpec.PortForward.ssh(port))
                    .emulated(DomainSpec.EmulatedDevice.VIRTIO_RNG).emulated(DomainSpec.EmulatedDevice.WATCHDOG_I6300ESB)
                    .build());
            hv.start("tiny-guest");
            try (HostShell shell = awaitSsh(image, port, 60)) {
                assertThat(shell.run(Command.of("sh", "-c", IDS)).stdoutText().lines()).as("the guest's PCI functions")
                        .contains("0x1af4:0x1005 virtio-pci", "0x8086:0x25ab ");
                assertThat(shell.run("test", "-c", "/dev/hwrng").exitCode()).as("the stand-in's device file").isZero();
                shell.writeFile("/tmp/over-sftp", "uploaded".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(shell.run("cat", "/tmp/over-sftp").stdoutText()).isEqualTo("uploaded");
            } finally {
                hv.destroy("tiny-guest");
                hv.undefine("tiny-guest");
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HostShell open(TinyGuest.Image image, int port) throws java.io.IOException {
        return open(image, port, "");
    }

    private static HostShell open(TinyGuest.Image image, int port, String options) throws java.io.IOException {
        Path knownHosts = Files.writeString(Files.createTempFile("tiny-guest", ".known_hosts"), image.knownHostsLine(port) + "\n");
        knownHosts.toFile().deleteOnExit();
        return DriverRegistry.load().open("ssh://root@127.0.0.1:" + port + "?identity=" + image.userKey().toAbsolutePath()
                + "&knownHosts=" + knownHosts + options, HostShell.class);
    }

    /**
     * The guest's SSH server answers once it booted: logs in until it does, at most this many times. Each try is a real
     * connection that QEMU takes at once and that waits for the guest's server up to its connect timeout (2 s), so
     * no try needs a pause before the next.
     */
    private static HostShell awaitSsh(TinyGuest.Image image, int port, int tries) throws Exception {
        for (int i = 1; ; i++) {
            HostShell shell = null;
            try {
                shell = open(image, port, "&connectTimeout=2s");   // connects once: a guest not up yet fails here
                shell.run("true");
                return shell;
            } catch (dev.benchhal.error.HalException e) {
                if (shell != null) {
                    shell.close();
                }
                if (i == tries) {
                    throw e;
                }
            }
        }
    }
}
