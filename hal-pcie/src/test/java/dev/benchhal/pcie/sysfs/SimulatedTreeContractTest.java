package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.PcieHostContract;

import java.util.Optional;

/** The contract on the simulator: a concentrator with four radio heads and a switch of NICs. */
class SimulatedTreeContractTest extends PcieHostContract {

    @Override
    protected PcieHost open() {
        return new PcieProvider().open(DeviceSpec.of("pcie:sim?radios=4&functions=60"), DriverContext.standalone());
    }

    @Override
    protected Optional<PcieAddress> removableDevice() {
        return Optional.of(PcieAddress.parse("0000:01:00.0"));
    }
}
