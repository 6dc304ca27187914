package com.example.ecu.alm;

import dev.benchhal.core.psu.Settle;
import dev.benchhal.core.psu.SettleResult;
import dev.benchhal.psu.PowerSupply;

import java.time.Duration;
import java.util.function.Supplier;

/** The seed's psu_helpers for voltage tests: move the rail, look, and always put it back. */
public final class SupplyHelpers {

    private SupplyHelpers() {
    }

    /**
     * Settles the rail at a voltage (and validates it there), runs the probe, and restores the
     * voltage the rail had before, settled, whatever the probe did: the seed's rule that a test
     * which perturbs the rail restores nominal in {@code finally}.
     *
     * @param psu        the bench supply
     * @param volts      where to move the rail
     * @param validation how long the rail must hold there before the probe
     * @param probe      what to look at while the rail is there
     * @param <T>        what the probe returns
     * @return the probe's result
     */
    public static <T> T withRailAt(PowerSupply psu, double volts, Duration validation, Supplier<T> probe) {
        double nominal = psu.voltageSetpoint();
        try {
            SettleResult moved = Settle.applyVoltageAndSettle(psu, volts, Settle.options().validationTime(validation));
            if (Math.abs(moved.finalVolts() - volts) > Settle.options().toleranceVolts()) {
                throw new AssertionError("the rail settled at " + moved.finalVolts() + " V, not " + volts + " V");
            }
            return probe.get();
        } finally {
            Settle.applyVoltageAndSettle(psu, nominal, Settle.options());
        }
    }
}
