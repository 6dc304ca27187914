package dev.benchhal.testcontainers;

import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * A lab host for a user's integration tests: a container of {@link LabHostImage} (Debian with OpenSSH's server and
 * Python 3) that a test reaches as it reaches a lab machine, over SSH, through {@link #hostShell()} or the URI
 * {@link #sshUri()}. The container shares this machine's network and its sshd listens on 127.0.0.1 only, on a free
 * port; no port is published and no bridge network is needed. Host and user keys are made in the container when it
 * starts, so every container has its own, and the test trusts exactly that host key.
 *
 * <pre>{@code
 * try (LabHostContainer host = new LabHostContainer()) {
 *     host.start();
 *     HostShell shell = host.hostShell();
 *     shell.run(Command.of("python3", "--version"));
 * }
 * }</pre>
 *
 * <p>Testcontainers needs, on an engine that may not pull images: {@code TESTCONTAINERS_RYUK_DISABLED=true} (its
 * reaper is an image of its own; {@link #close()} removes the container instead) and, where the engine is not
 * Docker's default socket, {@code DOCKER_HOST}. See {@code docs/testcontainers.md}.
 *
 * <p>Not thread-safe while starting and stopping; the shell it hands out is thread-safe.
 */
public class LabHostContainer extends GenericContainer<LabHostContainer> {

    private final int port;
    private @Nullable Path keys;
    private @Nullable HostShell shell;

    /** A lab host of {@link LabHostImage}, built first when the engine lacks it (blocks for the build). */
    public LabHostContainer() {
        super(LabHostImage.ensure());
        this.port = freePort();
        withNetworkMode("host");
        withCopyToContainer(Transferable.of(LabHostImage.resource("start.sh"), 0755), "/etc/benchhal/start.sh");
        withCommand("sh", "/etc/benchhal/start.sh", Integer.toString(port));
        waitingFor(Wait.forLogMessage("(?s).*Server listening on 127\\.0\\.0\\.1 port " + port + "\\b.*", 1)
                .withStartupTimeout(Duration.ofSeconds(60)));
        withLabel("dev.benchhal.lab-host", "true");
    }

    /** @return the port sshd listens on, on 127.0.0.1 */
    public int sshPort() {
        return port;
    }

    /**
     * @return the URI that opens this host's shell ({@code ssh://root@127.0.0.1:PORT?identity=...&knownHosts=...}),
     *         for a bench file or {@code DriverRegistry.open}; the key files are in a temporary directory that
     *         {@link #close()} removes
     * @throws IllegalStateException when the container is not running
     */
    public synchronized String sshUri() {
        Path dir = keys();
        return "ssh://root@127.0.0.1:" + port + "?identity=" + dir.resolve("user_key") + "&knownHosts=" + dir.resolve("known_hosts");
    }

    /**
     * The host's shell, opened once through the {@code ssh://} driver ({@code hal-ssh}) and closed with the container.
     *
     * @return the shell; thread-safe, pooled
     * @throws IllegalStateException when the container is not running
     */
    public synchronized HostShell hostShell() {
        if (shell == null) {
            shell = DriverRegistry.load().open(sshUri(), HostShell.class);
        }
        return shell;
    }

    /** The user key and known-hosts file, copied out of the running container once. */
    private Path keys() {
        if (!isRunning()) {
            throw new IllegalStateException("the lab host container is not running: start() it first");
        }
        if (keys == null) {
            try {
                Path dir = Files.createTempDirectory("benchhal-lab-host-keys",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                copyFileFromContainer("/etc/benchhal/user_key", in -> Files.write(dir.resolve("user_key"), in.readAllBytes()));
                Files.setPosixFilePermissions(dir.resolve("user_key"), PosixFilePermissions.fromString("rw-------"));
                String hostKey = copyFileFromContainer("/etc/benchhal/host_key.pub",
                        in -> new String(in.readAllBytes(), StandardCharsets.UTF_8)).trim();
                // type and key, without the comment
                String[] parts = hostKey.split(" ", -1);
                Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
                keys = dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the lab host's keys: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    @Override
    public synchronized void stop() {
        if (shell != null) {
            shell.close();
            shell = null;
        }
        super.stop();
        if (keys != null) {
            try (var files = Files.list(keys)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(keys);
            } catch (IOException e) {
                logger().debug("cannot delete {}: {}", keys, e.toString());
            }
            keys = null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
