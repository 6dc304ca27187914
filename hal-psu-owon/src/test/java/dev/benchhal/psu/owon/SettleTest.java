package dev.benchhal.psu.owon;

import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.core.psu.Settle;
import dev.benchhal.core.psu.SettleResult;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.SimulatorLink;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settle helpers on the simulator, whose rail slews in bench time. */
class SettleTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();
    private final OwonSimulator simulator = new OwonSimulator(OwonModel.SPE6103, "S", clock);
    private final PowerSupply psu = OwonPowerSupply.open(OwonSettings.from(DeviceSpec.of("owon:sim:SPE6103"),
            Duration.ZERO, Duration.ZERO), new SimulatorLink(simulator, clock, "sim"), clock, null);

    @Test
    void applyVoltageAndSettleReportsSettleTimeValidationAndTrace() {
        simulator.setSlewRate(50);          // 12 V takes 240 ms
        psu.setCurrent(1);
        psu.setOutput(true);
        SettleResult r = Settle.applyVoltageAndSettle(psu, 12, Settle.options().validationTime(Duration.ofMillis(200)), clock);
        assertThat(r.settleTime()).isBetween(Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(r.validationTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(r.finalVolts()).isEqualTo(12.0);
        assertThat(r.trace()).hasSizeGreaterThan(5);
        assertThat(r.trace().get(0).volts()).isLessThan(12);
    }

    @Test
    void aRailThatNeverSettlesIsATimeoutWithTheLastReading() {
        psu.setCurrent(0.05);               // 100 ohm load: constant current holds it at 5 V
        psu.setOutput(true);
        assertThatThrownBy(() -> Settle.applyVoltageAndSettle(psu, 12, Settle.options().timeout(Duration.ofSeconds(1)), clock))
                .isInstanceOf(HalTimeoutException.class).hasMessageContaining("did not settle at 12.000 V")
                .hasMessageContaining("last reading 5.000 V");
    }

    @Test
    void aRailThatLeavesTheBandDuringValidationFails() {
        simulator.setSlewRate(1e6);
        psu.setCurrent(1);
        psu.setOutput(true);
        psu.setVoltage(12);
        // the load jumps after the fifth reading: the current limit pulls the rail to 5 V
        int[] readings = {0};
        dev.benchhal.psu.PowerOutput jumpy = (dev.benchhal.psu.PowerOutput) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.benchhal.psu.PowerOutput.class}, (proxy, method, args) -> {
                    if (method.getName().equals("measureVoltage") && ++readings[0] == 5) {
                        simulator.setLoad(1, 5);
                    }
                    return method.invoke(psu, args);
                });
        assertThatThrownBy(() -> Settle.waitUntilSettled(jumpy, 12, Settle.options().validationTime(Duration.ofSeconds(5)), clock))
                .isInstanceOf(HalException.class).hasMessageContaining("left 12.000 V").hasMessageContaining("5.000 V");
    }

    /** The owon page's example, as a user copies it onto a bench of simulators: it waits in the bench's virtual time. */
    @Test
    void theDocumentedSettleRunsOnTheBenchClockWithoutBeingGivenOne() {
        BenchConfig config = BenchFiles.parse("devices:\n  psu: \"owon:sim:SPE6103\"\n", "bench.yaml", java.nio.file.Path.of("."));
        try (Bench bench = Bench.open(config, DriverRegistry.load())) {
            PowerSupply supply = bench.get("psu", PowerSupply.class);
            assertThat(supply.clock()).isSameAs(bench.clock()).isInstanceOf(VirtualClock.class);
            assertThat(supply.channel(1).clock()).isSameAs(bench.clock());
            long start = bench.clock().nanoTime();
            supply.setCurrent(1);
            supply.setOutput(true);
            SettleResult r = Settle.applyVoltageAndSettle(supply, 13.5, Settle.options().validationTime(Duration.ofMillis(200)));
            assertThat(r.finalVolts()).isEqualTo(13.5);
            assertThat(bench.clock().since(start)).as("bench time the settle took").isGreaterThanOrEqualTo(
                    r.settleTime().plus(r.validationTime()));
        }
    }
}
