package dev.benchhal.psu.owon;

import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.safety.SafetyNet;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.SimulatorLink;
import dev.benchhal.tck.transport.RecordingLineTransport;
import dev.benchhal.tck.transport.ScriptedLineTransport;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The exact lines the driver sends and how it reads what comes back. */
class OwonProtocolTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();

    private OwonPowerSupply open(ScriptedLineTransport link, String options) {
        DeviceSpec spec = DeviceSpec.of("owon:serial:///dev/ttyUSB0" + (options.isEmpty() ? "" : "?" + options));
        return OwonPowerSupply.open(OwonSettings.from(spec, Duration.ZERO, Duration.ofMillis(50)), link, clock, null);
    }

    private static ScriptedLineTransport.Builder identified(String idn) {
        return ScriptedLineTransport.builder().expect("*IDN?").reply(idn);
    }

    @Test
    void everyCommandIsVerifiedByReadBack() {
        ScriptedLineTransport link = identified("OWON,SPE6103,2303123,FV:V1.2.0").clock(clock)
                .expect("VOLT 12.000").expect("VOLT?").reply("12.000")
                .expect("CURR 1.500").expect("CURR?").reply("1.500")
                .expect("VOLT:LIM 14.000").expect("VOLT:LIM?").reply("14.000")
                .expect("CURR:LIM 2.000").expect("CURR:LIM?").reply("2.000")
                .expect("OUTP ON").expect("OUTP?").reply("ON")
                .expect("MEAS:VOLT?").reply("11.998V")
                .expect("MEAS:CURR?").reply(" 0.120 ")
                .expect("MEAS:POW?").reply("1.440")
                .expect("OUTP OFF").expect("OUTP?").reply("OFF")
                .build();
        PowerSupply psu = open(link, "safeOffOnClose=false");
        assertThat(psu.identity().serial()).isEqualTo("2303123");
        psu.setVoltage(12);
        psu.setCurrent(1.5);
        psu.setOverVoltageLimit(14);
        psu.setOverCurrentLimit(2);
        psu.setOutput(true);
        assertThat(psu.measureVoltage()).isCloseTo(11.998, within(1e-9));
        assertThat(psu.measureCurrent()).isCloseTo(0.12, within(1e-9));
        assertThat(psu.measurePower()).isCloseTo(1.44, within(1e-9));
        psu.setOutput(false);
        psu.close();
        link.verify();
    }

    @Test
    void anErrReplyAndAReadBackMismatchAreProtocolErrors() {
        ScriptedLineTransport link = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("VOLT 5.000").expect("VOLT?").reply("ERR").reply("0.000")
                .expect("CURR 1.000").expect("CURR?").reply("0.500")
                .expect("OUTP OFF").expect("OUTP?").reply("OFF")
                .build();
        PowerSupply psu = open(link, "");
        assertThatThrownBy(() -> psu.setVoltage(5)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("VOLT 5.000 answered ERR");
        assertThatThrownBy(() -> psu.setCurrent(1)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CURR? read back 0.500 after CURR 1.000");
        psu.close();      // safe off on close
        link.verify();
    }

    @Test
    void valuesOutsideTheRatingsAreRefusedBeforeAnythingIsSent() {
        ScriptedLineTransport link = identified("OWON,SPE3051,1,FV:V1").clock(clock).build();
        PowerSupply psu = open(link, "safeOffOnClose=false");
        assertThatThrownBy(() -> psu.setVoltage(31)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("voltage 31.0 V is outside 0..30.000 V of the SPE3051");
        assertThatThrownBy(() -> psu.setCurrent(5.5)).isInstanceOf(IllegalArgumentException.class);
        link.verify();
    }

    @Test
    void multiChannelModelsSelectTheChannelBeforeEveryCommand() {
        ScriptedLineTransport link = identified("OWON,ODP3033,9,FV:V3.9.0").clock(clock)
                .expect("INST CH2").expect("VOLT 3.300").expect("VOLT?").reply("3.300")
                .expect("INST CH2").expect("MEAS:CURR?").reply("#0.000#0.000#0.120#0.150")
                .build();
        PowerSupply psu = open(link, "safeOffOnClose=false");
        psu.channel(2).setVoltage(3.3);
        // defensive parsing of the #-separated status block: the first number
        assertThat(psu.channel(2).measureCurrent()).isEqualTo(0.0);
        link.verify();
    }

    @Test
    void theWrongDeviceOnThePortIsRefusedUnlessForced() {
        ScriptedLineTransport rigol = identified("RIGOL TECHNOLOGIES,DP832,DP8C1,00.01.14").clock(clock).build();
        assertThatThrownBy(() -> open(rigol, "")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("not an Owon supply the driver knows").hasMessageContaining("force=true");
        ScriptedLineTransport garbage = identified("\u0000\u00ff?").expect("*IDN?").reply("\u0000\u00ff?")
                .expect("*IDN?").reply("\u001b[2J?").clock(clock).build();
        assertThatThrownBy(() -> open(garbage, "")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("wrong device on the port").hasMessageContaining("\\x1b[2J?")
                .hasMessageNotContaining("\u001b");
        garbage.verify();
        ScriptedLineTransport forced = identified("OWON,SPE9999,1,FV:V9").clock(clock).build();
        OwonPowerSupply psu = open(forced, "force=true&model=SPE6103&safeOffOnClose=false");
        assertThat(psu.model()).isEqualTo(OwonModel.SPE6103);
    }

    @Test
    void lineNoiseBeforeTheIdentityIsStrippedAndTheQueryRetried() {
        ScriptedLineTransport noisy = identified("\u0000\u00ff\u0003#$OWON,SPE6103,2303123,FV:V1.2.0").clock(clock).build();
        assertThat(open(noisy, "safeOffOnClose=false").identity().serial()).isEqualTo("2303123");
        ScriptedLineTransport secondTime = identified("\u00fe\u0000~~").expect("*IDN?").reply("OWON,SPE6103,7,FV:V1.2.0")
                .clock(clock).build();
        assertThat(open(secondTime, "safeOffOnClose=false").identity().serial()).isEqualTo("7");
        secondTime.verify();
    }

    @Test
    void anOutputStateOtherThanOnOrOffIsAProtocolError() {
        ScriptedLineTransport link = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("OUTP OFF").expect("OUTP?").reply("11.000")
                .expect("*IDN?").reply("OWON,SPE6103,1,FV:V1")
                .expect("OUTP?").reply("2")
                .build();
        PowerSupply psu = open(link, "safeOffOnClose=false");
        assertThatThrownBy(() -> psu.setOutput(false)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("OUTP? expected ON or OFF, got \"11.000\"");
        assertThatThrownBy(psu::isOutputOn).isInstanceOf(ProtocolException.class).hasMessageContaining("got \"2\"");
        link.verify();
    }

    @Test
    void aReplyOfAnotherQuerysShapeIsAProtocolError() {
        ScriptedLineTransport link = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("VOLT?").reply("ON")
                .expect("*IDN?").reply("OWON,SPE6103,1,FV:V1")
                .expect("CURR?").reply("OWON,SPE6103,1,FV:V1")
                .build();
        PowerSupply psu = open(link, "safeOffOnClose=false");
        assertThatThrownBy(psu::voltageSetpoint).isInstanceOf(ProtocolException.class).hasMessageContaining("VOLT? expected a number");
        assertThatThrownBy(psu::currentSetpoint).isInstanceOf(ProtocolException.class).hasMessageContaining("CURR? expected a number");
        link.verify();
    }

    @Test
    void aSingleChannelSupplyMeasuresVoltageAndCurrentOfOneMoment() {
        ScriptedLineTransport link = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("MEAS:ALL?").reply("12.001,0.500")
                .build();
        PowerSupply psu = open(link, "safeOffOnClose=false");
        dev.benchhal.psu.PsuMeasurement m = psu.measure();
        assertThat(m.volts()).isEqualTo(12.001);
        assertThat(m.amps()).isEqualTo(0.5);
        assertThat(m.watts()).isCloseTo(6.0005, within(1e-9));
        link.verify();
    }

    @Test
    void safeOffSendsATimedOutOffAgainAndReportsOnlyWhatItCannotConfirm() {
        ScriptedLineTransport link = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("OUTP OFF").expect("OUTP?").noReply()
                .expect("*IDN?").reply("OWON,SPE6103,1,FV:V1")
                .expect("OUTP OFF").expect("OUTP?").reply("OFF")
                .build();
        PowerSupply psu = open(link, "timeout=200ms");
        psu.close();
        link.verify();

        ScriptedLineTransport dead = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("OUTP OFF").expect("OUTP?").noReply()
                .expect("*IDN?").noReply()
                .expect("*IDN?").noReply()
                .expect("*IDN?").noReply()
                .build();
        PowerSupply gone = open(dead, "timeout=200ms");
        assertThatThrownBy(gone::close).isInstanceOf(HalTimeoutException.class);
        dead.verify();
    }

    @Test
    void aSilentDeviceTimesOut() {
        ScriptedLineTransport link = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("VOLT?").noReply().build();
        PowerSupply psu = open(link, "safeOffOnClose=false&timeout=200ms");
        Duration before = clock.elapsed();
        assertThatThrownBy(psu::voltageSetpoint).isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("VOLT? got no reply within 200 ms");
        assertThat(clock.elapsed().minus(before)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aFailingOwnerLeavesTheOutputOff() {
        ScriptedLineTransport link = identified("OWON,SPE6103,1,FV:V1").clock(clock)
                .expect("OUTP ON").expect("OUTP?").reply("ON")
                .expect("OUTP OFF").expect("OUTP?").reply("OFF")
                .build();
        PowerSupply psu = open(link, "safeOffOnClose=false");
        assertThatThrownBy(() -> SafetyNet.guard((OwonPowerSupply) psu, () -> {
            psu.setOutput(true);
            throw new IllegalStateException("the test harness failed");
        })).isInstanceOf(IllegalStateException.class);
        link.verify();
    }

    @Test
    void aReplyThatComesAfterItsQueryTimedOutIsNeverTakenForTheNextAnswer() {
        OwonSimulator sim = new OwonSimulator(OwonModel.SPE6103, "LATE1", clock);
        SimulatorLink line = new SimulatorLink(sim, clock, "sim");
        PowerSupply psu = OwonPowerSupply.open(OwonSettings.from(DeviceSpec.of("owon:sim:SPE6103?timeout=200ms"),
                Duration.ZERO, Duration.ofMillis(50)), line, clock, null);
        psu.setVoltage(60);
        psu.setCurrent(1.5);
        sim.setLatency(Duration.ofMillis(300));                 // slower than the driver's timeout
        assertThatThrownBy(psu::voltageSetpoint).isInstanceOf(HalTimeoutException.class);
        sim.setLatency(Duration.ZERO);                          // the late "60.000" is still on its way
        assertThat(psu.currentSetpoint()).isEqualTo(1.5);
        assertThat(psu.voltageSetpoint()).isEqualTo(60.0);
        psu.setOutput(true);
        assertThat(psu.isOutputOn()).isTrue();
        sim.setLatency(Duration.ofMillis(300));
        assertThatThrownBy(psu::isOutputOn).isInstanceOf(HalTimeoutException.class);
        sim.setLatency(Duration.ZERO);                          // the late "ON" must not confirm an off
        psu.setOutput(false);
        assertThat(sim.isOutputOn(1)).isFalse();
        assertThat(psu.measure().amps()).isZero();
        psu.close();
    }

    @Test
    void theKeepAliveHoldsThePanelLockedUntilClose() throws InterruptedException {
        VirtualClock manual = VirtualClock.manual();
        OwonSimulator sim = new OwonSimulator(OwonModel.SPE6103, "K", manual);
        sim.setRemoteLapse(Duration.ofSeconds(3));
        RecordingLineTransport line = new RecordingLineTransport(new SimulatorLink(sim, manual, "sim"));
        PowerSupply psu = OwonPowerSupply.open(OwonSettings.from(DeviceSpec.of("owon:sim:SPE6103?keepAlive=1s&openSettle=0s"),
                Duration.ZERO, Duration.ZERO), line, manual, null);
        assertThat(sim.isRemote()).isTrue();
        for (int second = 1; second <= 10; second++) {
            assertThat(manual.awaitSleepers(1, Duration.ofSeconds(30))).as("the keep-alive thread waits").isTrue();
            manual.advance(Duration.ofSeconds(1));
            assertThat(line.awaitWritten("SYST:REM", 1 + second, Duration.ofSeconds(30))).as("SYST:REM renewal %d", second).isTrue();
            assertThat(sim.isRemote()).as("renewed every second, so never lapsed (second %d)", second).isTrue();
        }
        psu.close();
        assertThat(sim.isRemote()).as("SYST:LOC at close").isFalse();

        // without the keep-alive the lock lapses: the check above can fail
        OwonSimulator unrenewed = new OwonSimulator(OwonModel.SPE6103, "K2", manual);
        unrenewed.handle("SYST:REM");
        manual.advance(Duration.ofSeconds(10));
        assertThat(unrenewed.isRemote()).isFalse();
    }
}
