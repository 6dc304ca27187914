package dev.benchhal.psu.owon;

import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.SimulatorLink;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.tck.PowerSupplyContract;
import dev.benchhal.core.time.VirtualClock;

import java.time.Duration;

/** The contract on a three-channel ODP3033, where every channel command selects its channel first. */
class OwonMultiChannelContractTest extends PowerSupplyContract {

    private OwonSimulator simulator;

    @Override
    protected PowerSupply open() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        simulator = new OwonSimulator(OwonModel.ODP3033, "SIM3", clock);
        return OwonPowerSupply.open(OwonSettings.from(DeviceSpec.of("owon:sim:ODP3033"), Duration.ZERO, Duration.ZERO),
                new SimulatorLink(simulator, clock, "sim"), clock, null);
    }

    @Override
    protected boolean outputOnAfterClose(PowerSupply closed) {
        return simulator.isOutputOn(1) || simulator.isOutputOn(2) || simulator.isOutputOn(3);
    }
}
