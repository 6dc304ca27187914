package dev.benchhal.usb.acroname;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hubs plugged into a lab host (the seed's usb=remote) whose shell is {@code local:}: the bridge runs as batches
 * through a HostShell. Over SSH, on a lab host of its own, {@link LabHostHubTest} tests the same path.
 */
class RemoteHubTest {

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void freshHub() throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(FakeBrainStem.stateFile(FakeBrainStem.PERSISTENT));
    }

    private Bench bench(String rigUri, String hubOptions) {
        String yaml = "devices:\n"
                + "  rig: \"" + rigUri + "\"\n"
                + "  hub: \"acroname:usb:" + FakeBrainStem.PERSISTENT + "?via=rig&python=/usr/bin/python3&pythonPath="
                + FakeBrainStem.packages() + hubOptions + "\"\n";
        return Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load());
    }

    @Test
    void aHubOnALabHostPassesTheContractOverLocalToo() {
        try (Bench bench = bench("local:", "")) {
            UsbHub hub = bench.get("hub", UsbHub.class);
            hub.setPortCurrentLimit(2, 0.5);
            assertThat(hub.portCurrentLimit(2)).isEqualTo(0.5);
            assertThatThrownBy(() -> hub.setPortPower(8, true)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aLabHostWithoutTheSdkSaysSo() {
        try (HostShell shell = new LocalHostShell()) {
            assertThatThrownBy(() -> AcronameProvider.discoverOn(shell, "/usr/bin/python3", Optional.of(dir.toString())))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("brainstem is not importable");
        }
    }
}
