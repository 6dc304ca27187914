package dev.benchhal.shell.ssh;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import dev.benchhal.tck.ssh.LoopbackSshServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The persistent session's own guarantees, against the real loopback sshd: what the contract does
 * not cover (the helper's death, its timeout of a process tree that fights back, many commands at
 * once through one helper, the fallback when the host lacks its Python).
 */
@ExtendWith(LoopbackSshServerExtension.class)
class SshPersistentSessionTest {

    @TempDir
    Path dir;

    private static LoopbackSshServer sshd;

    @BeforeAll
    static void server(LoopbackSshServer server) {
        sshd = server;
    }

    @Test
    void aHostWithoutThePythonFallsBackToAChannelPerCommandAndSaysSo() {
        try (HostShell s = SshFixture.open(sshd, "persistent=true&python=/nonexistent/python3")) {
            assertThat(s.run("echo", "still works").stdoutText()).isEqualTo("still works\n");
            assertThat(((SshHostShell) s).mode()).isEqualTo("exec (/nonexistent/python3 not found on the host)");
            assertThatThrownBy(() -> s.run("no-such-program-here")).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void timeoutKillsATreeThatIgnoresSignalsAndKeepsForking() throws Exception {
        SshHostShellTest.assertTimeoutKillsAForkingTreeThatIgnoresSignals(SshFixture.open(sshd, "persistent=true"), dir);
    }

    @Test
    void aKilledHelperFailsTheCommandsInFlightAndTheNextCommandGetsANewOne() throws Exception {
        try (HostShell s = SshFixture.open(sshd, "persistent=true")) {
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                Path started = dir.resolve("started");
                Future<CommandResult> running = one.submit(() -> s.run(Command.of("sh", "-c", "touch \"$0\"; exec sleep 60",
                        started.toString()).withTimeout(Duration.ofMinutes(2))));
                SshHostShellTest.awaitFile(started);
                long helper = helperPid(s);
                new ProcessBuilder("kill", "-KILL", Long.toString(helper)).start().waitFor();
                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DisconnectedException.class)
                        .hasMessageContaining("the command helper on the host ended");
            } finally {
                one.shutdownNow();
            }
            assertThat(s.run("echo", "again").stdoutText()).isEqualTo("again\n");
            assertThat(((SshHostShell) s).mode()).isEqualTo("persistent");
        }
    }

    @Test
    void sixtyFourCommandsAtOnceGoThroughOneHelper() throws Exception {
        try (HostShell s = SshFixture.open(sshd, "persistent=true")) {
            s.run("true");
            long helper = helperPid(s);
            List<CommandResult> results = SshHostShellTest.atOnce(64, i -> () ->
                    s.run("sh", "-c", "sleep 0.2; echo \"$0\"; echo \"$PPID\" >&2", "n" + i));
            for (int i = 0; i < 64; i++) {
                CommandResult r = results.get(i);
                assertThat(r.exitCode()).as(r.stderrText()).isZero();
                assertThat(r.stdoutText()).isEqualTo("n" + i + "\n");
                assertThat(r.stderrText().strip()).as("run by the one helper").isEqualTo(Long.toString(helper));
            }
        }
    }

    @Test
    void closingTheShellEndsTheHelperAndWhatItRuns() throws Exception {
        Path started = dir.resolve("started");
        Path pidFile = dir.resolve("pid");
        HostShell s = SshFixture.open(sshd, "persistent=true");
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<CommandResult> running = one.submit(() -> s.run(Command.of("sh", "-c",
                    "echo $$ > \"$1\"; touch \"$0\"; exec sleep 300", started.toString(), pidFile.toString())
                    .withTimeout(Duration.ofMinutes(10))));
            SshHostShellTest.awaitFile(started);
            long helper = helperPid(s);
            long command = Long.parseLong(Files.readString(pidFile).strip());
            s.close();
            assertThat(SshHostShellTest.gone(helper)).as("the helper ends with its session").isTrue();
            assertThat(SshHostShellTest.gone(command)).as("and kills what it ran").isTrue();
            assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DisconnectedException.class);
        } finally {
            one.shutdownNow();
        }
    }

    /** The helper's process id: the parent of a command it runs. */
    private static long helperPid(HostShell s) {
        return Long.parseLong(s.run("sh", "-c", "echo \"$PPID\"").stdoutText().strip());
    }
}
