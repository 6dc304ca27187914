package com.example.bench;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.testcontainers.LabHostExtension;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab machine of the test's own, in a container (docs/testcontainers.md): reached over SSH as the real one is,
 * with a hub of the fake BrainStem SDK plugged in. Skipped with one line where no Docker engine runs.
 */
@ExtendWith(LabHostExtension.class)
class LabHostTest {

    private static LabHostContainer labHost;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTheLabHost(LabHostContainer container) {
        labHost = container;
    }

    @Test
    void theLabHostRunsCommandsAndItsHubOverSsh() {
        HostShell shell = labHost.hostShell();
        assertThat(shell.run(Command.of("python3", "--version")).stdoutText()).startsWith("Python 3.");

        String bench = "devices:\n"
                + "  labhost: \"" + labHost.sshUri() + "\"\n"
                + "  hub: \"" + labHost.acronameUri("0000BEEF", "labhost") + "\"\n";
        try (Bench b = Bench.open(BenchFiles.parse(bench, "bench.yaml", dir), DriverRegistry.load())) {
            UsbHub hub = b.get("hub", UsbHub.class);
            hub.setPortPower(5, false);
            assertThat(hub.portState(5).powered()).isFalse();
            hub.setPortPower(5, true);
            assertThat(hub.portState(5).powered()).isTrue();
        }
    }
}
