package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code device(address)} reads the function alone (with its parent for an endpoint): what it returns must be exactly
 * what the whole tree's read gives for that function, link partner included, on the simulator and on this machine's
 * own sysfs (whatever it has: a CI machine's virtual functions, a workstation's GPUs and bridges).
 */
class OneFunctionReadTest {

    /** The simulator answers reads from its model: what it answers is what a reader of its directory finds. */
    @org.junit.jupiter.api.Test
    void theSimulatorsAnswersAreWhatItsDirectoryShows() {
        try (PcieHost sim = new PcieProvider().open(DeviceSpec.of("pcie:sim?radios=4&functions=24&emptySlots=1"), DriverContext.standalone())) {
            java.nio.file.Path root = sim.unwrap(dev.benchhal.pcie.sysfs.sim.SimulatedPciTree.class).orElseThrow().root();
            PcieAddress radio = sim.snapshot(dev.benchhal.pcie.SnapshotOptions.defaults("t")).wirelessDevices().get(1).address();
            for (int step = 0; step < 2; step++) {
                List<PcieDevice> answered = sim.devices();
                try (PcieHost files = new PcieProvider().open(DeviceSpec.of("pcie:sysfs:" + root.resolve("bus/pci")),
                        DriverContext.standalone())) {
                    assertThat(files.devices()).isEqualTo(answered);
                    assertThat(files.slots()).isEqualTo(sim.slots());
                }
                if (step == 0) {
                    sim.remove(radio);     // and once more with a function gone
                }
            }
            assertThat(sim.device(radio)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcie:sim?radios=6&functions=20", "pcie:local"})
    void oneFunctionIsWhatTheWholeTreeSaysOfIt(String uri) {
        try (PcieHost host = new PcieProvider().open(DeviceSpec.of(uri), DriverContext.standalone())) {
            List<PcieDevice> all = host.devices();
            assertThat(all).as("a tree to read").isNotEmpty();
            for (PcieDevice d : all) {
                assertThat(host.device(d.address())).as(d.address().toString()).contains(d);
            }
            assertThat(host.device(new PcieAddress(0x7ff, 0xfe, 0x1f, 7))).isEmpty();
        }
    }
}
