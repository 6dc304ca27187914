package dev.benchhal.shell.ssh;

import dev.benchhal.shell.HostShell;
import dev.benchhal.tck.HostShellContract;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** ssh:// passes the HostShell contract against a real OpenSSH server on 127.0.0.1. */
class SshHostShellContractTest extends HostShellContract {

    @TempDir
    static Path serverDir;
    @TempDir
    Path scratch;

    private static LoopbackSshServer sshd;

    @BeforeAll
    static void startServer() throws IOException {
        sshd = LoopbackSshServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() {
        sshd.close();
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
