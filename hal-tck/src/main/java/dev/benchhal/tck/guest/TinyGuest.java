package dev.benchhal.tck.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny Linux guest for hypervisor tests, built on this machine from Debian's packages through its apt (Debian's
 * cloud kernel, and an initramfs with BusyBox, the virtio network driver and Dropbear's SSH server): it boots in a
 * few seconds in QEMU's software emulation, takes QEMU's user-mode network, and lets root in over SSH with a key
 * made for it. What a passthrough test checks in a guest (the PCI functions in {@code /sys/bus/pci/devices}, their
 * vendor and device ids) is all there; there is no disk, no package manager and no driver beyond virtio's.
 *
 * <p>Building takes about 3 seconds and 30 MB of downloads, and needs apt-get, dpkg-deb and ssh-keygen (no root).
 * Thread-safe.
 */
public final class TinyGuest {

    /** What the guest prints on its console once its SSH server runs. */
    public static final String READY = "benchhal-guest: ready";
    private static final String RECIPE = "build-tiny-guest.sh";

    /**
     * A built guest.
     *
     * @param kernel  the kernel image ({@code vmlinuz})
     * @param initrd  the initramfs ({@code initrd.gz})
     * @param userKey root's private key (OpenSSH format, no passphrase)
     * @param hostKey the guest's SSH host key, {@code ssh-ed25519 AAAA...}
     */
    public record Image(Path kernel, Path initrd, Path userKey, String hostKey) {

        /**
         * @param port the port on 127.0.0.1 that reaches the guest's SSH server
         * @return a {@code known_hosts} line that trusts exactly this guest there
         */
        public String knownHostsLine(int port) {
            return "[127.0.0.1]:" + port + " " + hostKey;
        }
    }

    private TinyGuest() {
    }

    /**
     * Builds the guest into {@code dir}, or finds it there built from the same recipe. Blocks for the build.
     *
     * @param dir where the guest's files go (made when missing), for example a build's {@code target/tiny-guest}
     * @return the guest
     * @throws IllegalStateException when the build fails, with the end of its output
     */
    public static synchronized Image build(Path dir) {
        try {
            String recipe = resource(RECIPE);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recipe.getBytes(StandardCharsets.UTF_8)));
            Path marker = dir.resolve(".built");
            if (!Files.exists(marker) || !Files.readString(marker).trim().equals(hash)) {
                Files.createDirectories(dir);
                Path script = Files.writeString(dir.resolve(RECIPE), recipe);
                Path log = dir.resolve("build.log");
                Process p = new ProcessBuilder("sh", script.toString(), dir.toAbsolutePath().toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("building the tiny guest took over 10 minutes: " + tail(log));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("building the tiny guest failed (exit " + p.exitValue() + "): " + tail(log));
                }
                Files.writeString(marker, hash + "\n");
            }
            return new Image(dir.resolve("vmlinuz"), dir.resolve("initrd.gz"), dir.resolve("user_key"),
                    Files.readString(dir.resolve("host_key.pub")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("building the tiny guest in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the tiny guest", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * A guest running in QEMU, without a hypervisor manager: software emulation, 256 MiB, user-mode network with
     * guest port 22 forwarded from a free port on 127.0.0.1 ({@code restrict=on}: the guest reaches nothing else).
     * Close it to stop QEMU.
     */
    public static final class Running implements AutoCloseable {
        private final Process qemu;
        private final int port;
        private final List<String> console;

        private Running(Process qemu, int port, List<String> console) {
            this.qemu = qemu;
            this.port = port;
            this.console = console;
        }

        /** @return the port on 127.0.0.1 that reaches the guest's SSH server */
        public int sshPort() {
            return port;
        }

        /** @return what the guest printed on its console so far */
        public List<String> console() {
            synchronized (console) {
                return List.copyOf(console);
            }
        }

        /**
         * Stops QEMU (and with it the guest), forcibly after 20 seconds.
         *
         * @throws InterruptedException when interrupted while waiting for QEMU to end
         */
        @Override
        public void close() throws InterruptedException {
            qemu.destroy();
            if (!qemu.waitFor(20, TimeUnit.SECONDS)) {
                qemu.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Boots a guest in QEMU ({@code qemu-system-x86_64}) and waits until its SSH server runs. Blocks.
     *
     * @param image   the guest
     * @param devices more QEMU {@code -device} values: the PCI functions the guest should see (for example
     *                {@code i6300esb}, a watchdog card, vendor 8086 device 25ab, as a stand-in for a passed-through card)
     * @param timeout how long the boot may take
     * @return the running guest
     * @throws IllegalStateException when QEMU ends or the guest is not ready in time, with its console
     * @throws IOException           when QEMU cannot be started ({@code qemu-system-x86_64} missing)
     * @throws InterruptedException  when interrupted while waiting for the guest
     */
    public static Running boot(Image image, List<String> devices, Duration timeout) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg", "-m", "256", "-smp", "1",
                "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", "console=ttyS0 quiet panic=-1", "-display", "none", "-monitor", "none", "-no-reboot", "-nodefaults",
                "-serial", "stdio",
                "-netdev", "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:" + port + "-:22", "-device", "virtio-net-pci,netdev=n0"));
        for (String device : devices) {
            command.add("-device");
            command.add(device);
        }
        Process qemu = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> read(qemu.getInputStream(), console, ready), "tiny-guest-console");
        reader.setDaemon(true);
        reader.start();
        Running running = new Running(qemu, port, console);
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || !qemu.isAlive()) {
            running.close();
            throw new IllegalStateException("the tiny guest was not ready within " + timeout + " (QEMU " + (qemu.isAlive() ? "running" : "ended")
                    + "); console:\n" + String.join("\n", running.console()));
        }
        return running;
    }

    private static void read(InputStream in, List<String> console, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                console.add(line);
                if (line.contains(READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            console.add("(console: " + e + ")");
        } finally {
            // QEMU ended: whoever waits learns it at once
            ready.countDown();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TinyGuest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from hal-tck's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
