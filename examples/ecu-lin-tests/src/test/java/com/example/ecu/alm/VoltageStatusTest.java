package com.example.ecu.alm;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.Recorder;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over- and under-voltage as the seed tests them: drive the rail past a threshold, expect
 * ALMVoltageStatus, restore nominal (here in finally, as the seed requires; @PoweredBench restores it
 * again after every test, also a failed one).
 */
@BenchTest
@PoweredBench
class VoltageStatusTest {

    private static final Duration VALIDATION = Duration.ofMillis(200);

    private static String statusAt(double volts, PowerSupply psu, LinInterface lin, BenchClock clock, Recorder rec) {
        return SupplyHelpers.withRailAt(psu, volts, VALIDATION, () -> {
            rec.measure("rail", psu.measureVoltage(), "V").near(volts, 0.1);
            return AlmTester.on(lin, clock).fio().readText("ALM_Status", "ALMVoltageStatus", AlmConstants.STATE_RECEIVE_TIMEOUT)
                    .orElseThrow();
        });
    }

    @Test
    @TestSpec(title = "Over-voltage is reported", requirements = {"REQ-ALM-VOLT-OV"}, steps = {"raise the rail to 18.5 V",
            "read ALM_Status", "restore 13.5 V"}, expected = "ALMVoltageStatus OVERVOLTAGE, the LED dark")
    void overVoltage(@Role("psu") PowerSupply psu, @Role("lin") LinInterface lin, BenchClock clock, Recorder rec) {
        AlmTester alm = AlmTester.on(lin, clock);
        alm.request(new int[] {255, 255, 255}, 255, 0);
        assertThat(statusAt(18.5, psu, lin, clock, rec)).isEqualTo("OVERVOLTAGE");
        assertThat(alm.readLedState()).as("back at nominal, the LED is on again").isEqualTo(AlmConstants.LED_STATE_ON);
    }

    @Test
    @TestSpec(title = "Under-voltage is reported", requirements = {"REQ-ALM-VOLT-UV"}, steps = {"lower the rail to 6.5 V",
            "read ALM_Status", "restore 13.5 V"}, expected = "ALMVoltageStatus UNDERVOLTAGE")
    void underVoltage(@Role("psu") PowerSupply psu, @Role("lin") LinInterface lin, BenchClock clock, Recorder rec) {
        assertThat(statusAt(6.5, psu, lin, clock, rec)).isEqualTo("UNDERVOLTAGE");
    }

    @ParameterizedTest(name = "{0} V -> {1}")
    @CsvSource({"7.0, UNDERVOLTAGE", "8.5, NORMAL", "12.0, NORMAL", "13.5, NORMAL", "15.5, NORMAL", "17.0, OVERVOLTAGE"})
    @TestSpec(title = "Voltage sweep", requirements = {"REQ-ALM-VOLT-OV", "REQ-ALM-VOLT-UV"})
    void voltageSweep(double volts, String expected, @Role("psu") PowerSupply psu, @Role("lin") LinInterface lin, BenchClock clock,
                      Recorder rec) {
        assertThat(statusAt(volts, psu, lin, clock, rec)).isEqualTo(expected);
    }
}
