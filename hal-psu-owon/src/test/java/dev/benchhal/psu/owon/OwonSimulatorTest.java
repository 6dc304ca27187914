package dev.benchhal.psu.owon;

import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's own behaviour, at its wire level. */
class OwonSimulatorTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();
    private final OwonSimulator sim = new OwonSimulator(OwonModel.SPE6103, "S1", clock);

    private String ask(String line) {
        return sim.handle(line).orElse("<silent>");
    }

    @Test
    void setsAreSilentQueriesAnswerAndNonsenseIsErr() {
        assertThat(ask("*IDN?")).isEqualTo("OWON,SPE6103,S1,FV:V1.3.0");
        assertThat(ask("VOLT 12")).isEqualTo("<silent>");
        assertThat(ask("VOLT?")).isEqualTo("12.000");
        assertThat(ask("VOLT 99")).isEqualTo("ERR");
        assertThat(ask("VOLT twelve")).isEqualTo("ERR");
        assertThat(ask("DISP:BRIG 5")).isEqualTo("ERR");
        assertThat(ask("INST CH2")).as("single-channel model").isEqualTo("ERR");
    }

    @Test
    void theOutputSlewsAndSettlesInBenchTimeThenLimitsCurrent() {
        sim.setSlewRate(100);                 // V/s
        ask("VOLT 10");
        ask("CURR 1");
        ask("OUTP ON");
        clock.advance(Duration.ofMillis(50));
        assertThat(Double.parseDouble(ask("MEAS:VOLT?"))).isEqualTo(5.0);
        clock.advance(Duration.ofMillis(100));
        assertThat(Double.parseDouble(ask("MEAS:VOLT?"))).isEqualTo(10.0);
        assertThat(Double.parseDouble(ask("MEAS:CURR?"))).isEqualTo(0.1);   // 100 ohm: constant voltage
        sim.setLoad(1, 5);                    // 10 V would draw 2 A: constant current at 1 A, 5 V
        clock.advance(Duration.ofSeconds(1));
        assertThat(Double.parseDouble(ask("MEAS:CURR?"))).isEqualTo(1.0);
        assertThat(Double.parseDouble(ask("MEAS:VOLT?"))).isEqualTo(5.0);
    }

    @Test
    void overVoltageAndOverCurrentTripTheOutputOff() {
        sim.setSlewRate(1e6);
        ask("VOLT:LIM 8");
        ask("VOLT 10");
        ask("OUTP ON");
        clock.advance(Duration.ofMillis(1));
        assertThat(ask("OUTP?")).isEqualTo("OFF");
        assertThat(sim.tripped(1)).contains("OVP");
        ask("VOLT:LIM 20");
        ask("CURR:LIM 0.05");
        ask("OUTP ON");
        clock.advance(Duration.ofMillis(1));
        assertThat(ask("OUTP?")).isEqualTo("OFF");
        assertThat(sim.tripped(1)).contains("OCP");
    }

    @Test
    void repliesCanBeDropped() {
        sim.dropReplies(1);
        assertThat(ask("VOLT?")).isEqualTo("<silent>");
        assertThat(ask("VOLT?")).isEqualTo("0.000");
    }
}
