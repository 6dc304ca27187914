package dev.benchhal.core.shell;

import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** This machine is always there, and the URI discovery gives for it opens it. */
class LocalShellDiscoveryTest {

    @Test
    void thisMachineIsDiscoveredAsLocalAndTheUriOpensIt() throws Exception {
        DriverRegistry registry = DriverRegistry.load();
        assertThat(registry.discover(HostShell.class, DriverContext.standalone())).extracting(d -> d.uri().toString())
                .contains("local:");
        DiscoveredDevice local = new LocalShellProvider().discover(DriverContext.standalone()).get(0);
        assertThat(local.description()).startsWith(InetAddress.getLocalHost().getHostName() + " (")
                .contains(System.getProperty("os.name"));
        try (HostShell shell = registry.open(local.uri().toString(), HostShell.class)) {
            assertThat(shell.run("uname", "-s").stdoutText().strip()).isEqualTo(System.getProperty("os.name"));
        }
    }
}
