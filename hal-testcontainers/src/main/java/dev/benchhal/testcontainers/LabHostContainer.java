package dev.benchhal.testcontainers;

import dev.benchhal.DeviceUri;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.fakes.FakeVendorSdks;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

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
 * {@link #sshUri()}. The fake vendor SDKs ({@link FakeVendorSdks}: Acroname's BrainStem, Melexis' pymumclient and
 * pylin) are on its Python path, {@link #PYTHON_PATH}: {@link #acronameUri} names a hub that the real bridge drives
 * there, and {@link #unplugHub} and {@link #plugInHub} change what it finds. A sysfs PCIe tree made on this machine
 * (by {@code pcie:sim?dir=}, for one) is copied in with {@link #withSysfsTree}: {@link #pcieUri} reads it there over
 * SSH, and {@link #powerOff} and {@link #powerOn} make a function vanish from the bus and come back, as a radio head
 * whose power is cut and restored. The container shares this machine's network and its sshd listens on 127.0.0.1 only, on a free
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

    /** Where the fake vendor SDKs are in the container: the {@code pythonPath} of the bridges that run there. */
    public static final String PYTHON_PATH = "/opt/benchhal/python";
    /** The container's Python. */
    public static final String PYTHON = "/usr/bin/python3";
    /** Where {@link #withSysfsTree} puts the tree in the container (its {@code bus/pci/devices} is the driver's). */
    public static final String SYSFS = "/opt/benchhal/sysfs";

    private static final java.util.regex.Pattern PCI_ADDRESS = java.util.regex.Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");

    private final int port;
    private @Nullable Path keys;
    private @Nullable HostShell shell;

    /** A lab host of {@link LabHostImage}, built first when the engine lacks it (blocks for the build). */
    public LabHostContainer() {
        super(LabHostImage.ensure());
        this.port = freePort();
        withNetworkMode("host");
        withCopyToContainer(Transferable.of(LabHostImage.resource("start.sh"), 0755), "/etc/benchhal/start.sh");
        withCopyToContainer(MountableFile.forHostPath(FakeVendorSdks.pythonPath()), PYTHON_PATH);
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
        return "ssh://root@127.0.0.1:" + port + "?identity=" + DeviceUri.encodeValue(dir.resolve("user_key").toString())
                + "&knownHosts=" + DeviceUri.encodeValue(dir.resolve("known_hosts").toString());
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

    /**
     * Skips the calling test with one line when no Docker engine answers here (JUnit's assumption), and fails it
     * instead on CI ({@code CI=true}), where a skip would hide a missing engine. Blocks for the engine's answer.
     */
    public static void assumeDocker() {
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must run a Docker engine (.ci/run starts Debian's dockerd): the lab host tests would be skipped");
            }
            org.junit.jupiter.api.Assumptions.abort("no Docker engine here (DOCKER_HOST, or /var/run/docker.sock): the lab host container is not tested");
        }
    }

    /**
     * Copies a sysfs tree into the container when it starts, at {@link #SYSFS}: a directory with {@code bus/pci/devices}
     * (and, if it has them, {@code devices/}, {@code proc/cpuinfo}, ...), as {@code pcie:sim?dir=} and
     * {@code SimulatedPciTree.root()} make. Links are kept as links. Call before {@link #start()}.
     *
     * @param tree the tree's root directory on this machine
     * @return this container
     * @throws UncheckedIOException when the tree cannot be packed ({@code tar})
     */
    public LabHostContainer withSysfsTree(Path tree) {
        try {
            Path tar = Files.createTempFile("benchhal-sysfs", ".tar");
            Process p = new ProcessBuilder("tar", "-C", tree.toString(), "-cf", tar.toString(), ".").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new UncheckedIOException(new IOException("tar of " + tree + " failed: " + out.trim()));
            }
            withCopyToContainer(Transferable.of(Files.readAllBytes(tar)), "/opt/benchhal/sysfs.tar");
            Files.delete(tar);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the sysfs tree " + tree + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while packing " + tree, e);
        }
    }

    /**
     * The PCIe host of the tree {@link #withSysfsTree} copied in, read on this host over SSH in one round trip per
     * snapshot, for a bench whose role {@code via} is this host's shell ({@link #sshUri()}).
     *
     * @param via the bench role of this host's shell
     * @return the URI, {@code pcie:remote?via=...&sysdir=...&cpuinfo=...}
     */
    public String pcieUri(String via) {
        return "pcie:remote?via=" + role(via) + "&sysdir=" + SYSFS + "/bus/pci/devices&cpuinfo=" + SYSFS + "/proc/cpuinfo";
    }

    /**
     * Cuts a PCI function's power: it and every function below it vanish from {@code bus/pci/devices}, as a radio head
     * does when its hub port is switched off. Blocks for a command in the container.
     *
     * @param pciAddress the function, {@code 0000:05:00.0}
     * @throws IllegalArgumentException when the address is not a PCI address
     * @throws IllegalStateException    when the container is not running or the command fails
     */
    public void powerOff(String pciAddress) {
        String a = pciAddress(pciAddress);
        exec("mkdir -p " + SYSFS + "/.powered-off && cd " + SYSFS + "/bus/pci/devices && for f in *; do case \"$(readlink \"$f\")\" in */"
                + a + "|*/" + a + "/*) mv \"$f\" " + SYSFS + "/.powered-off/;; esac; done");
    }

    /**
     * Restores a PCI function's power ({@link #powerOff}): it and the functions below it are back on the bus.
     *
     * @param pciAddress the function, {@code 0000:05:00.0}
     * @throws IllegalArgumentException when the address is not a PCI address
     * @throws IllegalStateException    when the container is not running or the command fails
     */
    public void powerOn(String pciAddress) {
        String a = pciAddress(pciAddress);
        exec("mkdir -p " + SYSFS + "/.powered-off && cd " + SYSFS + "/.powered-off && for f in *; do case \"$(readlink \"$f\")\" in */"
                + a + "|*/" + a + "/*) mv \"$f\" " + SYSFS + "/bus/pci/devices/;; esac; done");
    }

    private static String pciAddress(String address) {
        if (!PCI_ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("PCI address \"" + address + "\": expected domain:bus:device.function such as 0000:05:00.0");
        }
        return address;
    }

    private static String role(String via) {
        if (!via.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("role \"" + via + "\": expected letters, digits, '.', '_' or '-'");
        }
        return via;
    }

    /**
     * A hub of the fake BrainStem SDK on this host, for a bench whose role {@code via} is this host's shell
     * ({@link #sshUri()}): the real bridge runs in the container, through SSH, as on a lab machine.
     *
     * @param serial a hub of the fake SDK, 8 hex digits: {@code BFABDDC4} (USBHub3p, 8 ports, devices on ports 0
     *               and 1), {@code E2C9BFA6} (USBHub2x4), {@code 0000BEEF} (USBHub3p that keeps its port state
     *               between bridge processes, as hardware does)
     * @param via    the bench role of this host's shell
     * @return the hub's URI, {@code acroname:usb:SERIAL?via=...&python=...&pythonPath=...}
     */
    public String acronameUri(String serial, String via) {
        return "acroname:usb:" + hubSerial(serial) + "?via=" + role(via) + "&python=" + PYTHON + "&pythonPath=" + PYTHON_PATH;
    }

    /**
     * The URI of a Melexis Universal Master reached from this lab host: the real {@code mum://} driver runs its bridge
     * in the container, over SSH, with the fake Melexis packages there. The fake MUM's host name chooses how it
     * behaves: {@code fake} is a normal MUM with LIN slaves answering frames 0x11 (4 bytes) and 0x12 (8 bytes);
     * {@code crash-NN.fake}, {@code slow-NN.fake} and {@code garbage-NN.fake} crash, hang for 2 s, or print garbage
     * while frame 0xNN is requested; {@code refuse.fake} cannot be reached.
     *
     * @param mumHost the MUM's host name as the lab host reaches it: {@code fake} or one of the misbehaving ones
     * @param via     the bench role of this lab host's shell ({@link #sshUri()})
     * @return the URI, {@code mum://HOST/lin0?via=...&python=...&pythonPath=...}
     * @throws IllegalArgumentException when the host or the role is not a plain name
     */
    public String mumUri(String mumHost, String via) {
        if (!mumHost.matches("[a-z0-9][a-z0-9.-]{0,62}")) {
            throw new IllegalArgumentException("MUM host \"" + mumHost + "\" is not a plain host name such as fake");
        }
        return "mum://" + mumHost + "/lin0?via=" + role(via) + "&python=" + PYTHON + "&pythonPath=" + PYTHON_PATH;
    }

    /**
     * Unplugs a hub of the fake SDK: from now on it is not found and not discovered, as a hub whose USB cable was
     * pulled. Blocks for a command in the container.
     *
     * @param serial the hub's serial, 8 hex digits
     * @throws IllegalStateException when the container is not running or the command fails
     */
    public void unplugHub(String serial) {
        exec("mkdir -p " + PYTHON_PATH + "/.state && touch " + PYTHON_PATH + "/.state/unplugged-" + hubSerial(serial));
    }

    /**
     * Plugs a hub of the fake SDK back in ({@link #unplugHub}). Blocks for a command in the container.
     *
     * @param serial the hub's serial, 8 hex digits
     * @throws IllegalStateException when the container is not running or the command fails
     */
    public void plugInHub(String serial) {
        exec("rm -f " + PYTHON_PATH + "/.state/unplugged-" + hubSerial(serial));
    }

    private static String hubSerial(String serial) {
        if (!serial.matches("[0-9A-Fa-f]{8}")) {
            throw new IllegalArgumentException("hub serial \"" + serial + "\": expected 8 hex digits such as BFABDDC4");
        }
        return serial.toUpperCase(java.util.Locale.ROOT);
    }

    /** Runs a shell command line built from validated parts in the container. */
    private void exec(String commandLine) {
        if (!isRunning()) {
            throw new IllegalStateException("the lab host container is not running: start() it first");
        }
        try {
            ExecResult result = execInContainer("sh", "-c", commandLine);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("in the lab host: " + commandLine + " exited with " + result.getExitCode() + ": "
                        + result.getStderr().trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in the lab host: " + commandLine + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + commandLine, e);
        }
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
