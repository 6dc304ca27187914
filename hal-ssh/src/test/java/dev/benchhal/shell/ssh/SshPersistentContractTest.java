package dev.benchhal.shell.ssh;

import dev.benchhal.shell.HostShell;
import dev.benchhal.tck.HostShellContract;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import dev.benchhal.tck.ssh.LoopbackSshServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** ssh:// with the persistent session (commands through one remote helper) passes the same HostShell contract. */
@ExtendWith(LoopbackSshServerExtension.class)
class SshPersistentContractTest extends HostShellContract {

    @TempDir
    Path scratch;

    private static LoopbackSshServer sshd;

    @BeforeAll
    static void server(LoopbackSshServer server) {
        sshd = server;
    }

    @Override
    protected HostShell open() {
        HostShell shell = SshFixture.open(sshd, "persistent=true");
        shell.run("true");
        assertThat(((SshHostShell) shell).mode()).as("the contract runs through the helper, not the fallback")
                .isEqualTo("persistent");
        return shell;
    }

    @Override
    protected String scratchDirectory() {
        return scratch.toString();
    }
}
