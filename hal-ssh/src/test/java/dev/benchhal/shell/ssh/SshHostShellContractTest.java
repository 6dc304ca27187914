package dev.benchhal.shell.ssh;

import dev.benchhal.shell.HostShell;
import dev.benchhal.tck.HostShellContract;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import dev.benchhal.tck.ssh.LoopbackSshServerExtension;

import java.nio.file.Path;

/** ssh:// passes the HostShell contract against a real OpenSSH server on 127.0.0.1. */
@ExtendWith(LoopbackSshServerExtension.class)
class SshHostShellContractTest extends HostShellContract {

    @TempDir
    Path scratch;

    private static LoopbackSshServer sshd;

    @BeforeAll
    static void server(LoopbackSshServer server) {
        sshd = server;
    }

    @Override
    protected HostShell open() {
        return SshFixture.open(sshd, "");
    }

    @Override
    protected String scratchDirectory() {
        return scratch.toString();
    }
}
