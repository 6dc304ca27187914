package dev.benchhal.tck.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 for tests, set up in a directory of its own: generated host
 * key, user keys (ed25519, RSA in PEM form, a passphrase-protected ed25519), authorized_keys,
 * a {@code known_hosts} for clients, and a free port. It logs in as the user running the tests.
 *
 * <pre>{@code
 * try (LoopbackSshServer sshd = LoopbackSshServer.start(tempDir)) {
 *     String uri = sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts();
 * }
 * }</pre>
 *
 * Needs {@code /usr/sbin/sshd} and {@code ssh-keygen} (Debian: openssh-server, openssh-client).
 * When run as root it creates sshd's privilege separation directory if missing.
 */
public final class LoopbackSshServer implements AutoCloseable {

    /** Passphrase of {@link #encryptedUserKey()}. */
    public static final String PASSPHRASE = "correct horse battery staple";

    private final Path dir;
    private final int port;
    private Process sshd;
    private Thread reaper;

    private LoopbackSshServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** @return {@code true} when sshd and ssh-keygen are installed */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/sshd")) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
    }

    /**
     * Generates keys and configuration in {@code dir} and starts sshd on a free loopback port.
     *
     * @param dir an empty directory owned by the test
     * @return the running server
     * @throws IOException when a key cannot be generated or sshd does not start
     */
    public static LoopbackSshServer start(Path dir) throws IOException {
        Files.createDirectories(dir);
        LoopbackSshServer s = new LoopbackSshServer(dir, freePort());
        s.generate();
        try {
            s.startDaemon();
        } catch (IOException | RuntimeException e) {
            s.stop();
            throw e;
        }
        return s;
    }

    private void generate() throws IOException {
        keygen("-t", "ed25519", "-N", "", "-f", hostKey().toString());
        keygen("-t", "ed25519", "-N", "", "-f", userKey().toString());
        keygen("-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-f", rsaPemUserKey().toString());
        keygen("-t", "ed25519", "-N", PASSPHRASE, "-f", encryptedUserKey().toString());
        keygen("-t", "ed25519", "-N", "", "-f", strangerKey().toString());
        String authorized = read(Path.of(userKey() + ".pub")) + read(Path.of(rsaPemUserKey() + ".pub"))
                + read(Path.of(encryptedUserKey() + ".pub"));
        Files.writeString(dir.resolve("authorized_keys"), authorized);
        Files.writeString(knownHosts(), "[127.0.0.1]:" + port + " " + read(Path.of(hostKey() + ".pub")));
        String config = String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey(),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "AllowUsers " + System.getProperty("user.name"),
                "Subsystem sftp /usr/lib/openssh/sftp-server",
                "MaxSessions 10",
                "MaxStartups 100:30:200",
                "LogLevel ERROR",
                "");
        Files.writeString(dir.resolve("sshd_config"), config);
        for (Path key : List.of(hostKey(), userKey(), rsaPemUserKey(), encryptedUserKey(), strangerKey())) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private synchronized void startDaemon() throws IOException {
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep) && "root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(privsep);
        }
        sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        if (reaper == null) {
            // a test JVM that exits without close() (a failed setup, a benchmark fork) must not leave sshd behind
            reaper = new Thread(this::stop, "loopback-sshd-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IOException("sshd exited with " + sshd.exitValue() + ": " + read(dir.resolve("sshd.log")));
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IOException("sshd did not listen on 127.0.0.1:" + port + " within 20 s: " + read(dir.resolve("sshd.log")));
    }

    /** Stops the server and every connection it serves, then starts it again on the same port and keys. */
    public void restart() throws IOException {
        stop();
        startDaemon();
    }

    /** Kills the processes serving open connections; the listener stays, so new connections work. */
    public void dropConnections() {
        if (sshd != null) {
            sshd.descendants().forEach(ProcessHandle::destroyForcibly);
            sshd.descendants().forEach(h -> h.onExit().join());
        }
    }

    /** Stops the listener and every connection process. */
    public synchronized void stop() {
        if (sshd != null) {
            List<ProcessHandle> all = new ArrayList<>(sshd.descendants().toList());
            sshd.destroyForcibly();
            all.forEach(ProcessHandle::destroyForcibly);
            try {
                sshd.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            all.forEach(h -> h.onExit().join());
            sshd = null;
        }
    }

    /** @return the port sshd listens on */
    public int port() {
        return port;
    }

    /** @return {@code ssh://USER@127.0.0.1:PORT} */
    public String uri() {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port;
    }

    /** @return a known_hosts file that holds this server's host key */
    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** @return the server's private host key (its .pub beside it) */
    public Path hostKey() {
        return dir.resolve("ssh_host_ed25519_key");
    }

    /** @return an authorized ed25519 key without passphrase, in OpenSSH format */
    public Path userKey() {
        return dir.resolve("id_ed25519");
    }

    /** @return an authorized RSA key in PEM format */
    public Path rsaPemUserKey() {
        return dir.resolve("id_rsa_pem");
    }

    /** @return an authorized ed25519 key protected by {@link #PASSPHRASE} */
    public Path encryptedUserKey() {
        return dir.resolve("id_ed25519_enc");
    }

    /** @return a key the server does not know */
    public Path strangerKey() {
        return dir.resolve("id_stranger");
    }

    /** @return the server's log, for failure messages */
    public String log() {
        try {
            return read(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: nothing to remove
            }
            reaper = null;
        }
    }

    private static void keygen(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ssh-keygen", "-q", "-C", "benchhal-test"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ssh-keygen " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
