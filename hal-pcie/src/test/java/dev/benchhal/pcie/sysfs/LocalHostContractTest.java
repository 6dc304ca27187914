package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.PcieHostContract;

import java.util.Optional;

/** The read-only part of the contract on this machine's real sysfs; nothing here is ever removed. */
class LocalHostContractTest extends PcieHostContract {

    @Override
    protected PcieHost open() {
        return new PcieProvider().open(DeviceSpec.of("pcie:local"), DriverContext.standalone());
    }

    @Override
    protected Optional<PcieAddress> removableDevice() {
        return Optional.empty();
    }
}
