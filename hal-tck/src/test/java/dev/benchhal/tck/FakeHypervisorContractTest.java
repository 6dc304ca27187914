package dev.benchhal.tck;

import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.tck.fakes.FakeHypervisor;

/** The hypervisor contract passes on a reference fake whose state outlives each client. */
class FakeHypervisorContractTest extends HypervisorClientContract {

    private final FakeHypervisor.World world = new FakeHypervisor.World();

    @Override
    protected HypervisorClient open() {
        return new FakeHypervisor(world);
    }
}
