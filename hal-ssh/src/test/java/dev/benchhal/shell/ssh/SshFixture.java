package dev.benchhal.shell.ssh;

import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.ssh.LoopbackSshServer;

import java.nio.file.Path;

/** Opens shells on the loopback server the way a user would: through the registry, by URI. */
final class SshFixture {

    private SshFixture() {
    }

    static String uri(LoopbackSshServer sshd, Path key, String extra) {
        return sshd.uri() + "?identity=" + key + "&knownHosts=" + sshd.knownHosts() + (extra.isEmpty() ? "" : "&" + extra);
    }

    static HostShell open(LoopbackSshServer sshd, String extra) {
        return DriverRegistry.load().open(uri(sshd, sshd.userKey(), extra), HostShell.class);
    }
}
