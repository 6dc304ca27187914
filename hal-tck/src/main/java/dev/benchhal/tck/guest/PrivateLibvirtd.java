package dev.benchhal.tck.guest;

import dev.benchhal.core.util.ProcessTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@code libvirtd} with the QEMU driver, private to one test class: session mode, every
 * directory (sockets, domain definitions, logs) under a temporary folder, killed at close. Root
 * cannot run a session daemon, so as root it runs as {@code nobody}; QEMU then has no
 * {@code /dev/kvm} and emulates in software, which is all a tiny diskless domain needs.
 *
 * <p>Where libvirtd or QEMU is missing the tests are skipped, except on CI ({@code CI=true}),
 * where {@code .ci/run} installs both and a skip would hide a missing install step.
 */
public final class PrivateLibvirtd implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PrivateLibvirtd.class.getName());
    private static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    private static final AtomicInteger DAEMONS = new AtomicInteger();

    private final Path dir;
    private final Process process;
    private final Path socket;

    private PrivateLibvirtd(Path dir, Process process, Path socket) {
        this.dir = dir;
        this.process = process;
        this.socket = socket;
    }

    /**
     * Starts the daemon and waits for its socket; skips (or fails on CI) when it cannot run here.
     *
     * @return the running daemon
     * @throws IOException          when it cannot be started or made no socket within 10 s
     * @throws InterruptedException when interrupted while waiting for its socket
     */
    public static PrivateLibvirtd start() throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(LIBVIRTD) && Files.isExecutable(QEMU);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI must install libvirt-daemon-driver-qemu and qemu-system-x86 (see .ci/run)");
        }
        assumeTrue(installed, "libvirtd or qemu-system-x86_64 is not installed");
        // QEMU's monitor sockets live below XDG_CONFIG_HOME and a socket path has at most 107 bytes: keep it short
        Path dir = Files.createDirectory(Path.of("/tmp", "bhv" + ProcessHandle.current().pid() + "-" + DAEMONS.incrementAndGet()));
        // nobody must be able to create its directories here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.addAll(List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/bin", "HOME=" + dir,
                "XDG_RUNTIME_DIR=" + dir.resolve("r"), "XDG_CONFIG_HOME=" + dir.resolve("c"),
                "XDG_CACHE_HOME=" + dir.resolve("k"), "XDG_DATA_HOME=" + dir.resolve("d"),
                LIBVIRTD.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("libvirtd.log").toFile()).start();
        Path socket = dir.resolve("r/libvirt/libvirt-sock");
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            if (!process.isAlive()) {
                throw new IOException("libvirtd exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("libvirtd.log")));
            }
            Thread.sleep(50);
        }
        if (!Files.exists(socket)) {
            ProcessTrees.kill(process);
            throw new IOException("libvirtd made no socket within 10 s: " + Files.readString(dir.resolve("libvirtd.log")));
        }
        LOG.log(System.Logger.Level.INFO, "private libvirtd (pid " + process.pid() + ") at " + socket);
        return new PrivateLibvirtd(dir, process, socket);
    }

    /** @return libvirt's URI of this daemon's QEMU driver ({@code qemu:///session?socket=...}) */
    public String libvirtUri() {
        return "qemu:///session?socket=" + socket;
    }

    /**
     * @return the QEMU processes this daemon runs now (libvirt daemonizes QEMU, so they are found by
     *         their command line, which names sockets in this daemon's folder)
     */
    public List<ProcessHandle> qemuProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").contains("qemu-system"))
                .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0])).contains(dir.toString()))
                .toList();
    }

    /**
     * Kills the daemon alone, as a crash would: its QEMU processes go on running (until {@link #close()}), and its
     * clients lose their connection.
     */
    public void killDaemon() {
        ProcessTrees.kill(process);
    }

    /**
     * Kills the daemon and every QEMU it left, and removes its folder.
     *
     * @throws IOException when the folder cannot be removed
     */
    @Override
    public void close() throws IOException {
        ProcessTrees.kill(process);
        for (ProcessHandle qemu : qemuProcesses()) {
            LOG.log(System.Logger.Level.WARNING, "killing QEMU " + qemu.pid() + " that outlived its libvirtd");
            qemu.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
