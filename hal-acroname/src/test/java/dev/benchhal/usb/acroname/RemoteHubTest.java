package dev.benchhal.usb.acroname;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import dev.benchhal.tck.ssh.LoopbackSshServerExtension;
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
 * Hubs plugged into a lab host (the seed's usb=remote): the SDK runs there, reached through the
 * host's HostShell, here a real OpenSSH server on 127.0.0.1 (and {@code local:}).
 */
@ExtendWith(LoopbackSshServerExtension.class)
class RemoteHubTest {

    private static LoopbackSshServer sshd;

    @TempDir
    Path dir;

    @BeforeAll
    static void server(LoopbackSshServer server) {
        sshd = server;
    }

    @org.junit.jupiter.api.BeforeEach
    void freshHub() throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(FakeBrainStem.stateFile(FakeBrainStem.PERSISTENT));
    }

    private String rig() {
        return sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts();
    }

    private Bench bench(String rigUri, String hubOptions) {
        String yaml = "devices:\n"
                + "  rig: \"" + rigUri + "\"\n"
                + "  hub: \"acroname:usb:" + FakeBrainStem.PERSISTENT + "?via=rig&python=/usr/bin/python3&pythonPath="
                + FakeBrainStem.packages() + hubOptions + "\"\n";
        return Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load());
    }

    @Test
    void aHubOnALabHostIsControlledOverSsh() {
        try (Bench bench = bench(rig(), "")) {
            UsbHub hub = bench.get("hub", UsbHub.class);
            assertThat(hub.info().firmware()).isEqualTo("2.11.0-fake");
            assertThat(hub.portState(0).flags()).contains(UsbPortFlag.VBUS_ON);
            hub.setPortPower(0, false);
            // each operation is its own batch: the next one connects again and sees the hub's state
            assertThat(((BrainStemHub) hub).bridgeStarts()).isGreaterThanOrEqualTo(3);
            assertThat(hub.portState(0).powered()).isFalse();
        }
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
    void remoteDiscoveryListsTheHubsTheSdkFindsThere() {
        try (HostShell shell = DriverRegistry.load().open(rig(), HostShell.class)) {
            List<DiscoveredDevice> hubs = AcronameProvider.discoverOn(shell, "/usr/bin/python3",
                    Optional.of(FakeBrainStem.packages().toString()));
            assertThat(hubs).extracting(d -> d.uri().toString()).containsExactly(
                    "acroname:usb:0000BEEF?model=USBHub3p", "acroname:usb:00C0FFEE?model=USBHub3p",
                    "acroname:usb:BFABDDC4?model=USBHub3p",
                    "acroname:usb:E2C9BFA6?model=USBHub2x4");
            assertThat(hubs.get(0).description()).contains("on ");
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
