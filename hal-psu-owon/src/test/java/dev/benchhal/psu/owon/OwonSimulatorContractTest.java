package dev.benchhal.psu.owon;

import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.SimulatorLink;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.tck.PowerSupplyContract;
import dev.benchhal.core.time.VirtualClock;

import java.time.Duration;

/** The driver on the simulator passes the PowerSupply contract (SPE6103). */
class OwonSimulatorContractTest extends PowerSupplyContract {

    private OwonSimulator simulator;

    @Override
    protected PowerSupply open() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        simulator = new OwonSimulator(OwonModel.SPE6103, "SIM1", clock);
        DeviceSpec spec = DeviceSpec.of("owon:sim:SPE6103");
        return OwonPowerSupply.open(OwonSettings.from(spec, Duration.ZERO, Duration.ofMillis(50)),
                new SimulatorLink(simulator, clock, "sim"), clock, null);
    }

    @Override
    protected boolean outputOnAfterClose(PowerSupply closed) {
        return simulator.isOutputOn(1);
    }
}
