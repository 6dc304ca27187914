package dev.benchhal.cli;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.core.psu.Settle;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated ALM node is powered by the bench's simulated supply: its voltage status follows the rail. */
class AlmSupplyTest {

    @TempDir
    Path dir;

    @Test
    void theNodesVoltageStatusFollowsTheBenchSupply() {
        String yaml = "devices:\n  psu: \"owon:sim:SPE6103\"\n  lin: \"lin-mock:?ldf=builtin:alm&supply=psu\"\n";
        try (Bench bench = Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load())) {
            PowerSupply psu = bench.get("psu", PowerSupply.class);
            LinInterface lin = bench.get("lin", LinInterface.class);
            FrameIO fio = new FrameIO(lin, lin.unwrap(LinMock.class).orElseThrow().ldf());
            Duration t = Duration.ofMillis(100);
            psu.setCurrent(1);
            psu.setOutput(true);
            for (double volts : new double[] {13.5, 18.5, 13.5, 6.5, 13.5}) {
                Settle.applyVoltageAndSettle(psu, volts, Settle.options());
                String expected = volts > 16 ? "OVERVOLTAGE" : volts < 8 ? "UNDERVOLTAGE" : "NORMAL";
                assertThat(fio.readText("ALM_Status", "ALMVoltageStatus", t)).as(volts + " V").contains(expected);
            }
            psu.setOutput(false);
            bench.clock().sleep(Duration.ofSeconds(1));
            assertThat(fio.readText("ALM_Status", "ALMVoltageStatus", t)).as("output off").contains("UNDERVOLTAGE");
        }
    }
}
