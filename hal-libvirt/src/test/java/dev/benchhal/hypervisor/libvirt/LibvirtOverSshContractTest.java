package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.tck.guest.PrivateLibvirtd;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.HypervisorClientContract;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract through {@code qemu+ssh://}: libvirt's own SSH transport (the OpenSSH client) to a
 * real sshd on 127.0.0.1, and from there to the private libvirtd. The host key is verified
 * against the test's known_hosts file, which the OpenSSH client only takes from its command line,
 * so libvirt's {@code command=} points at a two-line wrapper that adds it.
 */
class LibvirtOverSshContractTest extends HypervisorClientContract {

    private static Path dir;
    private static PrivateLibvirtd daemon;
    private static LoopbackSshServer sshd;
    private static Path ssh;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(LoopbackSshServer.available() || "true".equals(System.getenv("CI")), "openssh-server is not installed");
        daemon = PrivateLibvirtd.start();
        dir = Files.createTempDirectory("benchhal-libvirt-ssh");
        sshd = LoopbackSshServer.start(dir.resolve("sshd"));
        ssh = dir.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\nexec ssh -o UserKnownHostsFile=" + sshd.knownHosts()
                + " -o StrictHostKeyChecking=yes -o BatchMode=yes \"$@\"\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String remoteUri(Path command) {
        String local = daemon.libvirtUri();
        String socket = local.substring(local.indexOf("socket=") + "socket=".length());
        // proxy=netcat: virt-ssh-helper would look for the system daemon's socket, not this one's
        return "libvirt:qemu+ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port() + "/session?socket="
                + socket + "&keyfile=" + sshd.userKey() + "&no_tty=1&proxy=netcat&command=" + command;
    }

    @Override
    protected HypervisorClient open() {
        return new LibvirtProvider().open(DeviceSpec.of(remoteUri(ssh)), DriverContext.standalone());
    }

    @Test
    void anUnknownHostKeyIsRefused() throws Exception {
        Path strict = dir.resolve("ssh-empty-known-hosts");
        Files.writeString(strict, "#!/bin/sh\nexec ssh -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes"
                + " -o BatchMode=yes \"$@\"\n");
        Files.setPosixFilePermissions(strict, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> new LibvirtProvider().open(DeviceSpec.of(remoteUri(strict)), DriverContext.standalone()))
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("Host key verification failed");
    }

    @Test
    void domainsDefinedRemotelyAreOnTheRemoteDaemon() {
        String name = freshName();
        device.define(domainSpec(name));
        try (HypervisorClient local = new LibvirtProvider().open(DeviceSpec.of("libvirt:" + daemon.libvirtUri()),
                DriverContext.standalone())) {
            assertThat(local.domain(name)).isPresent();
        }
    }
}
