package dev.benchhal.shell.ssh;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
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
        String otherKey = Files.readString(Path.of(sshd.strangerKey() + ".pub")).split(" ")[1];
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
        Path bad = Files.writeString(dir.resolve("bad"), "wrong\n");
        assertThatThrownBy(() -> open(SshFixture.uri(sshd, sshd.encryptedUserKey(), "passphraseFile=" + bad)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not decrypt")
                .hasMessageNotContaining("wrong\n");
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
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try (HostShell s = SshFixture.open(sshd, "maxConnections=4&maxSessionsPerConnection=8")) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CommandResult>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String word = "n" + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return s.run("sh", "-c", "sleep 0.2; echo \"$0\"", word);
                }));
            }
            go.countDown();
            for (int i = 0; i < 64; i++) {
                CommandResult r = futures.get(i).get(2, TimeUnit.MINUTES);
                assertThat(r.exitCode()).as(r.stderrText()).isZero();
                assertThat(r.stdoutText()).isEqualTo("n" + i + "\n");
            }
            assertThat(((SshHostShell) s).openConnections()).isBetween(1, 4);
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
                Future<CommandResult> running = one.submit(() -> s.run(Command.of("sleep", "60").withTimeout(Duration.ofMinutes(2))));
                Thread.sleep(700);
                sshd.dropConnections();
                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(DisconnectedException.class)
                        .hasMessageContaining("[sleep, 60]");
            } finally {
                one.shutdownNow();
            }
            assertThat(s.run("echo", "again").stdoutText()).isEqualTo("again\n");
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
        String exec = RemoteCommand.build(Command.of("echo", "a b").withEnv("X", "1; rm -rf /"));
        assertThat(exec).contains("'X=1; rm -rf /'").contains("'echo' 'a b'").startsWith("sh -c '");
        assertThat(DeviceSpec.of("ssh://h").scheme()).isEqualTo("ssh");
    }
}
