package dev.benchhal.psu.owon;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.PtySimulator;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The real jssc path: the driver opens a pty that socat pairs with the simulator. */
class OwonPtyTest {

    @TempDir
    Path dir;

    private PtySimulator pty;
    private OwonSimulator simulator;

    @BeforeEach
    void cable() {
        simulator = new OwonSimulator(OwonModel.SPE6103, "PTY0001", BenchClock.system());
        simulator.setSlewRate(1e6);
        pty = PtySimulator.start(simulator, dir);
    }

    @AfterEach
    void unplug() {
        pty.close();
    }

    private PowerSupply open(String options) {
        return new OwonProvider().open(DeviceSpec.of("owon:serial://" + pty.devicePath() + "?openSettle=50ms&commandGap=5ms"
                + (options.isEmpty() ? "" : "&" + options)), DriverContext.standalone());
    }

    @Test
    void drivesTheSupplyThroughARealSerialLine() {
        try (PowerSupply psu = open("")) {
            assertThat(psu.identity().model()).isEqualTo("SPE6103");
            assertThat(psu.identity().serial()).isEqualTo("PTY0001");
            psu.setVoltage(12);
            psu.setCurrent(1);
            psu.setOutput(true);
            assertThat(simulator.isOutputOn(1)).isTrue();
            assertThat(psu.measureVoltage()).isCloseTo(12, within(0.001));
            assertThat(psu.measureCurrent()).isCloseTo(0.12, within(0.001));   // 100 ohm load
        }
        assertThat(simulator.isOutputOn(1)).as("safe off on close").isFalse();
    }

    @Test
    void garbageHalfLinesAndSilenceAreTypedErrors() throws InterruptedException {
        try (PowerSupply psu = open("timeout=1s")) {
            pty.answerNextWith("\u0000\u00ff~~noise~~\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThatThrownBy(psu::voltageSetpoint).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("VOLT? expected a number");
            assertThat(psu.voltageSetpoint()).as("the line recovers").isZero();
            simulator.dropReplies(1);
            assertThatThrownBy(psu::currentSetpoint).isInstanceOf(HalTimeoutException.class)
                    .hasMessageContaining("CURR? got no reply within 1 s");
            pty.answerNextWith("12.0".getBytes(StandardCharsets.US_ASCII));   // half a line, then nothing
            assertThatThrownBy(psu::voltageSetpoint).isInstanceOf(HalTimeoutException.class);
            pty.inject("\r\nstale\r\n".getBytes(StandardCharsets.US_ASCII));  // the rest comes late
            Thread.sleep(200);                                          // ... and has arrived
            psu.setVoltage(5);                                          // stale input is dropped first
            assertThat(psu.voltageSetpoint()).isEqualTo(5.0);
        }
    }

    @Test
    void aPulledCableIsADisconnection() {
        PowerSupply psu = open("safeOffOnClose=false&timeout=1s");
        pty.close();
        assertThatThrownBy(psu::voltageSetpoint).isInstanceOf(HalException.class)
                .satisfies(e -> assertThat(e).isInstanceOfAny(DisconnectedException.class, HalTimeoutException.class));
        psu.close();
    }

    @Test
    void aPortThatDoesNotExistIsNamed() {
        assertThatThrownBy(() -> new OwonProvider().open(DeviceSpec.of("owon:serial://" + dir.resolve("ttyNOPE")),
                DriverContext.standalone())).isInstanceOf(NotFoundException.class).hasMessageContaining("ttyNOPE")
                .hasMessageContaining("cannot open the serial port");
    }
}
