package dev.benchhal.cli;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every simulator of the project says so: a bench of them runs in virtual time without being told. */
class SimulatedBenchTimeTest {

    private static final String SIMULATORS = "devices:\n"
            + "  lin: \"lin-mock:?ldf=builtin:alm\"\n"
            + "  psu: \"owon:sim:SPE6103\"\n"
            + "  hub: \"acroname:sim?ports=8\"\n"
            + "  concentrator: \"pcie:sim?hub=hub\"\n"
            + "  hv: \"libvirt:test:///default\"\n";

    @TempDir
    Path dir;

    private BenchConfig yaml(String text) {
        return BenchFiles.parse(text, "bench.yaml", dir);
    }

    @Test
    void aBenchOfTheProjectsSimulatorsRunsInVirtualTime() {
        DriverRegistry drivers = DriverRegistry.load();
        try (Bench bench = Bench.open(yaml(SIMULATORS), drivers)) {
            assertThat(bench.clock()).isInstanceOf(VirtualClock.class);
            PowerSupply psu = bench.get("psu", PowerSupply.class);
            long start = bench.clock().nanoTime();
            psu.setVoltage(5.0);
            psu.setOutput(true);
            bench.clock().sleep(java.time.Duration.ofMinutes(10));
            assertThat(bench.clock().since(start)).isGreaterThanOrEqualTo(java.time.Duration.ofMinutes(10));
            assertThat(psu.measureVoltage()).isEqualTo(5.0, org.assertj.core.api.Assertions.within(0.05));
        }
        for (String real : new String[] {"  rig: \"local:\"\n", "  psu2: \"owon:serial:///dev/ttyUSB9\"\n",
                "  hub2: \"acroname:usb:BFABDDC4\"\n", "  host: \"pcie:local\"\n", "  lin2: \"mum://10.0.0.2/lin0\"\n"}) {
            try (Bench mixed = Bench.open(yaml(SIMULATORS + real), drivers)) {
                assertThat(mixed.clock()).as(real.strip()).isSameAs(BenchClock.system());
            }
        }
    }
}
