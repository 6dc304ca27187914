package dev.benchhal.pcie.sysfs;

import dev.benchhal.DeviceUri;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.pcie.sysfs.sim.SimLayout;
import dev.benchhal.pcie.sysfs.sim.SimulatedPciTree;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A concentrator's PCIe tree on a lab host that is a container of its own ({@link LabHostContainer}): the simulator's
 * sysfs tree copied in, read there over SSH as the remote driver reads a lab machine, radios powered off and on
 * through the container's handles.
 */
class LabHostPcieTest {

    private static SimulatedPciTree tree;
    private static LabHostContainer host;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        LabHostContainer.assumeDocker();
        tree = new SimulatedPciTree(SimLayout.concentrator(4, 1, 40), BenchClock.system(), Duration.ZERO, null);
        host = new LabHostContainer().withSysfsTree(tree.root());
        host.start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (tree != null) {
            tree.close();
        }
    }

    @Test
    void theLabHostsTreeReadOverSshIsTheSimulatorsAndARadioVanishesWhilePoweredOff() {
        String yaml = "devices:\n"
                + "  labhost: \"" + host.sshUri() + "\"\n"
                + "  concentrator: \"" + host.pcieUri("labhost") + "\"\n";
        try (Bench bench = Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load())) {
            PcieHost remote = bench.get("concentrator", PcieHost.class);
            PcieHost model = tree.host(DeviceUri.parse("pcie:sim"), PciIds.system());
            assertThat(remote.devices()).isEqualTo(model.devices()).hasSizeGreaterThanOrEqualTo(40);
            assertThat(remote.snapshot(SnapshotOptions.defaults("labhost")).cpu()).isPresent();

            PcieAddress radio = tree.radios().get(1);
            host.powerOff(radio.toString());
            assertThat(remote.devices()).extracting(d -> d.address()).doesNotContain(radio).hasSize(model.devices().size() - 1);
            host.powerOn(radio.toString());
            assertThat(remote.devices()).isEqualTo(model.devices());
        }
        assertThatThrownBy(() -> host.powerOff("0000:05:00.0 /")).isInstanceOf(IllegalArgumentException.class);
    }
}
