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
 * a {@code known_hosts} for clients, and a free port. It logs in as the user running the tests, but
 * in an environment of its own: {@code HOME} is an empty directory of the server's, so the login
 * shell reads none of the user's rc files ({@code ~/.bashrc} with {@code pyenv init} costs 0.7 s per
 * command, and hangs every login once pyenv's rehash lock is left behind), {@code PATH} is the
 * system's ({@code /usr/local/bin:/usr/bin:/bin}), and {@code TMPDIR} a directory of the server's
 * (what one test's commands leave there, another test or build beside it never sees).
 *
 * <p>{@link #startWithLoginGate(Path)} starts a server whose logins for commands that contain the
 * word {@link #GATED} wait until {@link #openLoginGate()}: a test can hold a command between the
 * SSH exec request and the start of its remote process, and {@link #awaitGatedLoginsEnded} tells
 * when such a login has finished.
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

    /** A command containing this word waits at the login gate of {@link #startWithLoginGate(Path)}. */
    public static final String GATED = "benchhal-login-gated";

    private final Path dir;
    private final int port;
    private final boolean gated;
    private Process sshd;
    private Thread reaper;

    private LoopbackSshServer(Path dir, int port, boolean gated) {
        this.dir = dir;
        this.port = port;
        this.gated = gated;
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
        return start(dir, false);
    }

    /**
     * Like {@link #start(Path)}, but a login whose command contains {@link #GATED} waits, before the
     * command runs, until {@link #openLoginGate()}. Such a server serves exec requests only (no SFTP).
     *
     * @param dir an empty directory owned by the test
     * @return the running server
     * @throws IOException when a key cannot be generated or sshd does not start
     */
    public static LoopbackSshServer startWithLoginGate(Path dir) throws IOException {
        return start(dir, true);
    }

    private static LoopbackSshServer start(Path dir, boolean gated) throws IOException {
        Files.createDirectories(dir);
        LoopbackSshServer s = new LoopbackSshServer(dir, freePort(), gated);
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
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> config = new ArrayList<>(List.of(
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
                // the server's own environment: no rc file of the user's runs, whatever their login shell
                "SetEnv HOME=" + home + " PATH=/usr/local/bin:/usr/bin:/bin TMPDIR=" + tmp));
        if (gated) {
            Path gate = dir.resolve("login-gate.sh");
            Files.writeString(gate, String.join("\n",
                    "case \"$SSH_ORIGINAL_COMMAND\" in",
                    "*" + GATED + "*)",
                    "  while [ ! -e '" + loginGate() + "' ]; do sleep 0.02; done",
                    "  eval \"$SSH_ORIGINAL_COMMAND\"; s=$?",
                    "  echo \"$s\" >> '" + gatedLoginsEnded() + "'",
                    "  exit \"$s\";;",
                    "*) eval \"$SSH_ORIGINAL_COMMAND\";;",
                    "esac",
                    ""));
            config.add("ForceCommand /bin/sh " + gate);
        }
        config.add("");
        Files.writeString(dir.resolve("sshd_config"), String.join("\n", config));
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

    /**
     * Stops the server and every connection it serves, then starts it again on the same port and keys.
     *
     * @throws IOException when sshd does not listen again within 20 s
     */
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

    /**
     * Lets the logins waiting at the gate of {@link #startWithLoginGate(Path)} run their commands.
     *
     * @throws IOException when the gate file cannot be written
     */
    public void openLoginGate() throws IOException {
        Files.writeString(loginGate(), "open\n");
    }

    /**
     * Waits until {@code count} gated logins have finished (their commands ran, or declined to run).
     *
     * @param count how many
     * @param timeout how long to wait at most
     * @return the exit status of each, in the order they finished
     * @throws IOException when fewer finished within the timeout
     */
    public List<Integer> awaitGatedLoginsEnded(int count, java.time.Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Integer> ended = Files.exists(gatedLoginsEnded())
                    ? Files.readAllLines(gatedLoginsEnded()).stream().map(String::strip).map(Integer::valueOf).toList()
                    : List.of();
            if (ended.size() >= count) {
                return ended;
            }
            if (System.nanoTime() >= deadline) {
                throw new IOException(ended.size() + " of " + count + " gated logins ended within " + timeout);
            }
            sleep(20);
        }
    }

    private Path loginGate() {
        return dir.resolve("login-gate.open");
    }

    private Path gatedLoginsEnded() {
        return dir.resolve("gated-logins.ended");
    }

    /** @return the empty directory that is {@code HOME} for every command the server runs */
    public Path home() {
        return dir.resolve("home");
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
