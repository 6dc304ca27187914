package com.example.ecu.alm;

import dev.benchhal.core.psu.Settle;
import dev.benchhal.core.psu.SettleResult;
import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.PsuSettling;
import dev.benchhal.junit.Recorder;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
import dev.benchhal.psu.PowerSupply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

/**
 * How long the rail takes to settle after a step, recorded for each step: a characterisation, not a
 * pass/fail test of the ECU, so it is opt-in as in the seed ({@code mvn verify -Dsuite.excludedGroups=template
 * -Dgroups=psu_settling}).
 */
@BenchTest
@PoweredBench
@PsuSettling
class SettlingCharacterisationTest {

    @ParameterizedTest(name = "13.5 V -> {0} V")
    @ValueSource(doubles = {8.0, 10.0, 12.0, 15.0, 16.5})
    @TestSpec(title = "Settle time of a step", requirements = {"CHAR-PSU-SETTLE"})
    void settleTimeOfAStep(double volts, @Role("psu") PowerSupply psu, Recorder rec) {
        SettleResult step = SupplyHelpers.withRailAt(psu, volts, Duration.ZERO,
                () -> Settle.waitUntilSettled(psu, volts, Settle.options()));
        rec.measure("settle time", step.settleTime().toNanos() / 1e6, "ms").within(0, 10_000);
        rec.measure("final", step.finalVolts(), "V").near(volts, 0.1);
    }
}
