package dev.benchhal.usb.acroname;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.error.HalException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.testcontainers.LabHostExtension;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbPortFlag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hubs plugged into a lab host (the seed's usb=remote) that is a container of its own ({@link LabHostContainer}):
 * the fake BrainStem SDK in the container, the real bridge run there over SSH, hubs unplugged and plugged in again
 * through the container's handles.
 */
@ExtendWith(LabHostExtension.class)
class LabHostHubTest {

    private static LabHostContainer host;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(LabHostContainer container) {
        host = container;
    }

    private Bench bench(String serial) {
        String yaml = "devices:\n"
                + "  labhost: \"" + host.sshUri() + "\"\n"
                + "  hub: \"" + host.acronameUri(serial, "labhost") + "\"\n";
        return Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load());
    }

    @Test
    void aHubOnTheLabHostIsDrivenOverItsSsh() {
        // each operation is a bridge process of its own on the lab host: 0000BEEF keeps its state between them, as hardware
        try (Bench bench = bench("0000BEEF")) {
            UsbHub hub = bench.get("hub", UsbHub.class);
            assertThat(hub.info().firmware()).isEqualTo("2.11.0-fake");
            assertThat(hub.portState(0).flags()).contains(UsbPortFlag.VBUS_ON);
            hub.setPortCurrentLimit(2, 0.5);
            assertThat(hub.portCurrentLimit(2)).isEqualTo(0.5);
            hub.setPortCurrentLimit(2, 2.0);
            assertThatThrownBy(() -> hub.setPortPower(8, true)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void discoveryOnTheLabHostListsTheHubsItsSdkFinds() {
        try (HostShell shell = DriverRegistry.load().open(host.sshUri(), HostShell.class)) {
            List<DiscoveredDevice> hubs = AcronameProvider.discoverOn(shell, LabHostContainer.PYTHON, Optional.of(LabHostContainer.PYTHON_PATH));
            assertThat(hubs).extracting(d -> d.uri().toString()).containsExactly(
                    "acroname:usb:0000BEEF?model=USBHub3p", "acroname:usb:00C0FFEE?model=USBHub3p",
                    "acroname:usb:BFABDDC4?model=USBHub3p", "acroname:usb:E2C9BFA6?model=USBHub2x4");
            assertThat(hubs.get(0).description()).contains("on ");
        }
    }

    @Test
    void anUnpluggedHubIsNotFoundNorDiscoveredAndKeepsItsStateWhenPluggedInAgain() {
        try (Bench bench = bench("0000BEEF")) {
            UsbHub hub = bench.get("hub", UsbHub.class);
            hub.setPortPower(3, false);
            assertThat(hub.portState(3).powered()).isFalse();

            host.unplugHub("0000BEEF");
            try {
                assertThatThrownBy(() -> hub.portState(3)).isInstanceOf(HalException.class).hasMessageContaining("0000BEEF");
                try (HostShell shell = DriverRegistry.load().open(host.sshUri(), HostShell.class)) {
                    assertThat(AcronameProvider.discoverOn(shell, LabHostContainer.PYTHON, Optional.of(LabHostContainer.PYTHON_PATH)))
                            .extracting(d -> d.uri().toString()).contains("acroname:usb:BFABDDC4?model=USBHub3p")
                            .doesNotContain("acroname:usb:0000BEEF?model=USBHub3p");
                }
            } finally {
                host.plugInHub("0000BEEF");
            }
            assertThat(hub.portState(3).powered()).as("the hub kept its port state, as hardware does").isFalse();
            hub.setPortPower(3, true);
        }
        assertThatThrownBy(() -> host.unplugHub("0000BEEF; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
    }
}
