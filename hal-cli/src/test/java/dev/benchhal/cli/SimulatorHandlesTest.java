package dev.benchhal.cli;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.sysfs.sim.SimulatedPciTree;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.acroname.sim.SimulatedBrainStem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A simulated device opened by URI or from a bench gives its simulator through one documented call. */
class SimulatorHandlesTest {

    @TempDir
    Path dir;

    @Test
    void everySimulatorIsReachedThroughUnwrapAndDrivesWhatTheDeviceReports() {
        DriverRegistry drivers = DriverRegistry.load();
        try (PowerSupply psu = drivers.open("owon:sim:SPE6103?safeOffOnClose=false", PowerSupply.class)) {
            OwonSimulator sim = psu.unwrap(OwonSimulator.class).orElseThrow();
            psu.setVoltage(10);
            psu.setCurrent(5);
            psu.setOutput(true);
            assertThat(sim.isOutputOn(1)).as("the test sees the output the driver switched").isTrue();
            sim.setLoad(1, 5.0);
            psu.clock().sleep(java.time.Duration.ofSeconds(1));
            assertThat(psu.measureCurrent()).as("10 V into the load the test set").isCloseTo(2.0, within(0.05));
            assertThat(psu.unwrap(String.class)).isEmpty();
            assertThat(psu.unwrap(PowerSupply.class)).containsSame(psu);
        }
        try (Bench bench = Bench.open(BenchFiles.parse("devices:\n  hub: \"acroname:sim?ports=4\"\n"
                + "  fabric: \"pcie:sim?radios=2&hub=hub\"\n  lin: \"lin-mock:?ldf=builtin:alm\"\n", "bench.yaml", dir), drivers)) {
            UsbHub hub = bench.get("hub", UsbHub.class);
            SimulatedBrainStem brainstem = hub.unwrap(SimulatedBrainStem.class).orElseThrow();
            brainstem.attachDevice(2, 0.5);
            assertThat(hub.portState(2).amps()).as("the device the test plugged in draws current").isCloseTo(0.5, within(0.01));
            PcieHost fabric = bench.get("fabric", PcieHost.class);
            SimulatedPciTree tree = fabric.unwrap(SimulatedPciTree.class).orElseThrow();
            assertThat(fabric.devices().stream().map(PcieDevice::address)).containsAll(tree.radios());
            LinInterface lin = bench.get("lin", LinInterface.class);
            assertThat(lin.unwrap(LinMock.class).map(Object.class::cast)).containsSame(lin);
        }
    }
}
