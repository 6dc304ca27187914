package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.spi.DiscoveredDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery finds daemons by their listening sockets (real unix sockets here), and nothing that only looks like one. */
class LibvirtSocketsTest {

    @TempDir
    Path dir;

    private static ServerSocketChannel listen(Path socket) throws IOException {
        Files.createDirectories(socket.getParent());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    @Test
    void theSystemAndTheSessionDaemonAreFoundByTheirSockets() throws IOException {
        Path system = dir.resolve("run");
        Path session = dir.resolve("xdg/libvirt");
        try (ServerSocketChannel monolithic = listen(system.resolve("libvirt-sock"));
             ServerSocketChannel modular = listen(session.resolve("virtqemud-sock"))) {
            assertThat(LibvirtSockets.discover(system, Optional.of(session))).extracting(d -> d.uri().toString(),
                    DiscoveredDevice::description).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("libvirt:qemu:///system",
                            "system libvirt daemon listening at " + system.resolve("libvirt-sock")),
                    org.assertj.core.groups.Tuple.tuple("libvirt:qemu:///session",
                            "session libvirt daemon of this user listening at " + session.resolve("virtqemud-sock")));
        }
    }

    @Test
    void aFileOrDirectoryNamedLikeASocketIsNoDaemon() throws IOException {
        Path system = Files.createDirectories(dir.resolve("run"));
        Files.writeString(system.resolve("libvirt-sock"), "left over");
        Files.createDirectories(system.resolve("virtqemud-sock"));
        assertThat(LibvirtSockets.discover(system, Optional.of(dir.resolve("absent")))).isEmpty();
        assertThat(LibvirtSockets.discover(dir.resolve("no-run"), Optional.empty())).isEmpty();
    }

    @Test
    void theSessionDaemonIsLookedForWhereLibvirtsClientsLook() {
        assertThat(LibvirtSockets.sessionRun(Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "HOME", "/home/lab")))
                .contains(Path.of("/run/user/1000/libvirt"));
        assertThat(LibvirtSockets.sessionRun(Map.of("HOME", "/home/lab"))).contains(Path.of("/home/lab/.cache/libvirt"));
        assertThat(LibvirtSockets.sessionRun(Map.of())).isEmpty();
    }
}
