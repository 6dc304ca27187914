package dev.benchhal.tck;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.tck.fakes.FakePcieHost;

import java.util.Optional;

/** The PCIe contract passes on a reference fake with a bridge and a wireless card behind it. */
class FakePcieHostContractTest extends PcieHostContract {

    @Override
    protected PcieHost open() {
        return new FakePcieHost();
    }

    @Override
    protected Optional<PcieAddress> removableDevice() {
        return Optional.of(PcieAddress.parse("0000:01:00.0"));
    }
}
