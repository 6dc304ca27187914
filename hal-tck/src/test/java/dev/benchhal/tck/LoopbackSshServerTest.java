package dev.benchhal.tck;

import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The test server works with the real OpenSSH client: keys, known_hosts, port, restart. */
class LoopbackSshServerTest {

    @Test
    void opensshClientLogsInWithTheGeneratedKeys(@TempDir Path dir) throws Exception {
        assumeTrue(LoopbackSshServer.available(), "openssh-server is not installed");
        try (LoopbackSshServer sshd = LoopbackSshServer.start(dir); HostShell local = new LocalHostShell()) {
            CommandResult r = ssh(local, sshd, "echo", "over-ssh");
            assertThat(r.exitCode()).as(r.stderrText() + sshd.log()).isZero();
            assertThat(r.stdoutText()).isEqualTo("over-ssh\n");
            sshd.restart();
            assertThat(ssh(local, sshd, "true").exitCode()).as(sshd.log()).isZero();
        }
    }

    private static CommandResult ssh(HostShell local, LoopbackSshServer sshd, String... command) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("ssh", "-i", sshd.userKey().toString(),
                "-o", "UserKnownHostsFile=" + sshd.knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "-p", String.valueOf(sshd.port()), System.getProperty("user.name") + "@127.0.0.1"));
        argv.addAll(java.util.List.of(command));
        return local.run(argv.toArray(String[]::new));
    }
}
