package dev.benchhal.shell.ssh;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import dev.benchhal.tck.ssh.LoopbackSshServerExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host keys, user keys, pooling, drops and restarts against a real OpenSSH server. */
@ExtendWith(LoopbackSshServerExtension.class)
class SshHostShellTest {

    @TempDir
    Path dir;

    private static LoopbackSshServer sshd;

    @BeforeAll
    static void server(LoopbackSshServer server) {
        sshd = server;
    }

    private static HostShell open(String uri) {
        return DriverRegistry.load().open(uri, HostShell.class);
    }

    @Test
    void fileTransfersShareOneSftpServerThatStaysUpBetweenThem() throws Exception {
        Path scratch = Files.createTempDirectory("benchhal-sftp");
        try (HostShell s = open(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts())) {
            // the SFTP servers of this test's sshd: theirs is the HOME the server sets (other builds may run others)
            String servers = "for p in $(pgrep -x sftp-server); do tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null "
                    + "| grep -qx \"HOME=$HOME\" && echo $p; done; true";
            s.writeFile(scratch + "/first", "1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String before = s.run("sh", "-c", servers).stdoutText();
            assertThat(before.lines()).as("an SFTP server runs for the shell").isNotEmpty();
            for (int i = 0; i < 10; i++) {
                s.writeFile(scratch + "/f" + i, ("n" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(s.readText(scratch + "/f" + i)).isEqualTo("n" + i);
                assertThat(s.run("cat", scratch + "/f" + i).stdoutText()).as("a command right after a transfer").isEqualTo("n" + i);
            }
            assertThat(s.run("sh", "-c", servers).stdoutText()).as("no SFTP server was ended and started anew").isEqualTo(before);
            assertThat(s.run("ls", "-A", scratch.toString()).stdoutText()).doesNotContain(".tmp");
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void unknownHostKeyIsRefusedWithTheFingerprint() throws Exception {
        Path empty = Files.writeString(dir.resolve("known_hosts"), "");
        assertThatThrownBy(() -> open(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + empty))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("[127.0.0.1]:" + sshd.port())
                .hasMessageContaining("is not in " + empty)
                .hasMessageContaining("SHA256:")
                .hasMessageContaining("acceptNewHostKey=true");
    }

    @Test
    void acceptNewHostKeyTrustsOnFirstUseAndRecordsIt() throws Exception {
        Path fresh = dir.resolve("fresh_known_hosts");
        try (HostShell s = open(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + fresh + "&acceptNewHostKey=true")) {
            assertThat(s.run("echo", "ok").stdoutText()).isEqualTo("ok\n");
        }
        assertThat(Files.readString(fresh)).startsWith("[127.0.0.1]:" + sshd.port() + " ssh-ed25519 ");
        // the recorded key now verifies without the option
        try (HostShell s = open(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + fresh)) {
            assertThat(s.run("true").exitCode()).isZero();
        }
    }

    @Test
    void changedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        String otherKey = Files.readString(Path.of(sshd.strangerKey() + ".pub")).split(" ", -1)[1];
        Path wrong = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + otherKey + "\n");
        assertThatThrownBy(() -> open(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + wrong + "&acceptNewHostKey=true"))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("has CHANGED");
    }

    @Test
    void unknownUserKeyIsAnAuthenticationError() {
        assertThatThrownBy(() -> open(SshFixture.uri(sshd, sshd.strangerKey(), "")))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("was refused")
                .hasMessageContaining("id_stranger");
    }

    @Test
    void rsaPemKeyLogsIn() {
        try (HostShell s = open(SshFixture.uri(sshd, sshd.rsaPemUserKey(), ""))) {
            assertThat(s.run("echo", "rsa").stdoutText()).isEqualTo("rsa\n");
        }
    }

    @Test
    void encryptedKeyNeedsItsPassphraseFromAFile() throws Exception {
        Path pass = Files.writeString(dir.resolve("pass"), LoopbackSshServer.PASSPHRASE + "\n");
        try (HostShell s = open(SshFixture.uri(sshd, sshd.encryptedUserKey(), "passphraseFile=" + pass))) {
            assertThat(s.run("echo", "unlocked").stdoutText()).isEqualTo("unlocked\n");
        }
        assertThatThrownBy(() -> open(SshFixture.uri(sshd, sshd.encryptedUserKey(), "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is encrypted");
        String wrong = "hunter2-not-the-passphrase";
        Path bad = Files.writeString(dir.resolve("bad"), wrong + "\n");
        assertThatThrownBy(() -> open(SshFixture.uri(sshd, sshd.encryptedUserKey(), "passphraseFile=" + bad)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not decrypt")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(LoopbackSshServer.PASSPHRASE);
    }

    @Test
    void sshConfigAliasResolvesHostPortAndUser() throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "Host rig\n  HostName 127.0.0.1\n  Port " + sshd.port()
                + "\n  User " + System.getProperty("user.name") + "\n");
        try (HostShell s = open("ssh://rig?sshConfig=" + config + "&identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts())) {
            assertThat(s.run("echo", "alias").stdoutText()).isEqualTo("alias\n");
        }
    }

    @Test
    void refusedConnectionIsDisconnected() {
        assertThatThrownBy(() -> open("ssh://root@127.0.0.1:1?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts()))
                .isInstanceOf(DisconnectedException.class).hasMessageContaining("cannot connect to [127.0.0.1]:1");
    }

    @Test
    void badUrisAreConfigErrors() {
        assertThatThrownBy(() -> open("ssh:rig")).isInstanceOf(ConfigException.class).hasMessageContaining("expected ssh://");
        assertThatThrownBy(() -> open("ssh://rig/path")).isInstanceOf(ConfigException.class).hasMessageContaining("no path");
        assertThatThrownBy(() -> open("ssh://rig?identitty=x")).isInstanceOf(ConfigException.class).hasMessageContaining("unknown option");
    }

    @Test
    void sixtyFourConcurrentCommandsShareBoundedConnections() throws Exception {
        try (HostShell s = SshFixture.open(sshd, "maxConnections=4&maxSessionsPerConnection=8")) {
            List<CommandResult> results = atOnce(64, i -> () -> s.run("sh", "-c", "sleep 0.2; echo \"$0\"", "n" + i));
            for (int i = 0; i < 64; i++) {
                assertThat(results.get(i).exitCode()).as(results.get(i).stderrText()).isZero();
                assertThat(results.get(i).stdoutText()).isEqualTo("n" + i + "\n");
            }
            assertThat(((SshHostShell) s).openConnections()).isBetween(1, 4);
        }
    }

    /**
     * Short commands from 64 threads, with the default 8 channels per connection against the server's
     * 10 sessions: channels just closed still count on the server for a moment, and a refused channel
     * is opened again rather than failing the command.
     */
    @Test
    void manyShortCommandsAtOnceNeverFailForWantOfAChannel() throws Exception {
        try (HostShell s = SshFixture.open(sshd, "")) {
            List<Integer> sums = atOnce(64, i -> () -> {
                int sum = 0;
                for (int k = 0; k < 10; k++) {
                    sum += s.run("true").exitCode();
                }
                return sum;
            });
            assertThat(sums).hasSize(64).containsOnly(0);
        }
    }

    /**
     * Runs {@code task(i)} for i in 0..n-1 on n threads released together.
     *
     * @return the results in order; the first failure is thrown
     */
    static <T> List<T> atOnce(int n, java.util.function.IntFunction<java.util.concurrent.Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                java.util.concurrent.Callable<T> t = task.apply(i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return t.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void restartedServerIsReconnectedForTheNextCommand() throws Exception {
        try (HostShell s = SshFixture.open(sshd, "")) {
            assertThat(s.run("echo", "before").stdoutText()).isEqualTo("before\n");
            sshd.restart();
            assertThat(s.run("echo", "after").stdoutText()).isEqualTo("after\n");
        }
    }

    @Test
    void connectionKilledMidCommandIsATypedErrorNotAHang() throws Exception {
        try (HostShell s = SshFixture.open(sshd, "")) {
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                Path started = dir.resolve("started");
                Future<CommandResult> running = one.submit(() -> s.run(Command.of("sh", "-c", "touch \"$0\"; exec sleep 60",
                        started.toString()).withTimeout(Duration.ofMinutes(2))));
                awaitFile(started);
                sshd.dropConnections();
                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(DisconnectedException.class)
                        .hasMessageContaining("exec sleep 60");
            } finally {
                one.shutdownNow();
            }
            assertThat(s.run("echo", "again").stdoutText()).isEqualTo("again\n");
        }
    }

    @Test
    void timeoutKillsACommandThatIgnoresSignalsAndKeepsForking() throws Exception {
        assertTimeoutKillsAForkingTreeThatIgnoresSignals(SshFixture.open(sshd, ""), dir);
    }

    /**
     * A command that ignores TERM, HUP and INT and forks a child that ignores them every 20 ms until it is killed: its
     * timeout must end every process of it, and the shell stays usable. Closes the shell.
     */
    static void assertTimeoutKillsAForkingTreeThatIgnoresSignals(HostShell shell, Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        String script = "trap '' TERM HUP INT; echo $$ >> \"$0\"; "
                + "while :; do (trap '' TERM HUP INT; sleep 300; :) & echo $! >> \"$0\"; sleep 0.02; done";
        try (HostShell s = shell) {
            assertThatThrownBy(() -> s.run(Command.of("sh", "-c", script, pids.toString()).withTimeout(Duration.ofSeconds(2))))
                    .isInstanceOf(HalTimeoutException.class).hasMessageContaining("did not finish within 2 s")
                    .hasMessageContaining("remote processes");
            List<Long> started = Files.readAllLines(pids).stream().map(Long::valueOf).toList();
            assertThat(started).hasSizeGreaterThan(2);
            for (long pid : started) {
                assertThat(gone(pid)).as("process %d must be gone", pid).isTrue();
            }
            assertThat(s.run("echo", "still usable").stdoutText()).isEqualTo("still usable\n");
        }
    }

    @Test
    void commandThatTimesOutBeforeTheHostStartedItNeverStarts(@TempDir Path serverDir) throws Exception {
        Path ran = dir.resolve("ran");
        try (LoopbackSshServer gated = LoopbackSshServer.startWithLoginGate(serverDir);
             HostShell s = open(SshFixture.uri(gated, gated.userKey(), ""))) {
            // the login waits at the gate, so the timeout comes before the remote script reported anything
            Command c = Command.of("sh", "-c", "touch \"$0\"; exec sleep 300", ran.toString(), LoopbackSshServer.GATED)
                    .withTimeout(Duration.ofMillis(300));
            assertThatThrownBy(() -> s.run(c)).isInstanceOf(HalTimeoutException.class)
                    .hasMessageContaining("had not started on the host and will not start");
            gated.openLoginGate();
            assertThat(gated.awaitGatedLoginsEnded(1, Duration.ofSeconds(60))).containsExactly(RemoteCommand.CANCELLED_EXIT);
            assertThat(ran).doesNotExist();
            assertThat(s.run("sh", "-c", "ls -a \"${TMPDIR:-/tmp}\" | grep -c '^.benchhal-cancel-' || true").stdoutText().strip())
                    .as("the tombstone is removed by the run it stopped").isEqualTo("0");
        }
    }

    @Test
    void commandsRunInTheServersOwnEnvironment() {
        try (HostShell s = SshFixture.open(sshd, "")) {
            assertThat(s.run("sh", "-c", "echo \"$HOME\"").stdoutText().strip()).isEqualTo(sshd.home().toString());
        }
    }

    /** Waits until a process of this machine is gone (or a zombie, which only its reaper can remove). */
    static boolean gone(long pid) throws Exception {
        Path status = Path.of("/proc/" + pid + "/status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.readAllLines(status).stream().anyMatch(l -> l.startsWith("State:") && l.contains("Z"))) {
                    return true;
                }
            } catch (java.nio.file.NoSuchFileException exited) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits for a file to be created, woken by the file system's notification (inotify), never by polling. */
    static void awaitFile(Path file) throws Exception {
        try (java.nio.file.WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            while (!Files.exists(file)) {
                java.nio.file.WatchKey key = watch.poll(60, TimeUnit.SECONDS);
                assertThat(key).as("%s to appear", file).isNotNull();
                key.pollEvents();
                key.reset();
            }
        }
    }

    @Test
    void quotingSurvivesHostileArguments() {
        try (HostShell s = SshFixture.open(sshd, "")) {
            String evil = "'; touch " + dir.resolve("pwned") + "; echo '";
            CommandResult r = s.run("printf", "%s", evil);
            assertThat(r.stdoutText()).isEqualTo(evil);
            assertThat(dir.resolve("pwned")).doesNotExist();
        }
    }

    @Test
    void remoteCommandQuotesEveryWord() {
        assertThat(RemoteCommand.quote("it's")).isEqualTo("'it'\"'\"'s'");
        String token = RemoteCommand.newToken();
        String exec = RemoteCommand.build(Command.of("echo", "a b").withEnv("X", "1; rm -rf /"), token);
        assertThat(exec).contains("'X=1; rm -rf /'").contains("'echo' 'a b'").startsWith("sh -c ': benchhal-run:" + token + "; ");
        assertThat(token).matches("[0-9a-f]{16}");
        assertThat(RemoteCommand.cancel(token, false)).doesNotContain(token);
        assertThat(DeviceSpec.of("ssh://h").scheme()).isEqualTo("ssh");
    }
}
