package com.example.bench;

import dev.benchhal.core.psu.Settle;
import dev.benchhal.core.psu.SettleResult;
import dev.benchhal.psu.PowerSupply;

import java.time.Duration;

/** The supply steps a suite repeats: bring the rail up and hold it, on the supply's own (bench) clock. */
public final class Rails {

    private Rails() {
    }

    /**
     * Limits the current, switches the output on and settles at the voltage for 200 ms.
     *
     * @param psu   the bench's supply
     * @param volts the rail voltage
     * @param amps  the current limit
     * @return the settle time, the final voltage and every reading
     */
    public static SettleResult powerUp(PowerSupply psu, double volts, double amps) {
        psu.setCurrent(amps);
        psu.setOutput(true);
        return Settle.applyVoltageAndSettle(psu, volts, Settle.options().validationTime(Duration.ofMillis(200)));
    }
}
