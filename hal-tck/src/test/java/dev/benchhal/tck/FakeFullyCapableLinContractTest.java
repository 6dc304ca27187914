package dev.benchhal.tck;

import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.tck.fakes.FakeLinBus;

import java.util.EnumSet;

/** The LIN contract passes on a reference fake with every optional capability, like a simulator. */
class FakeFullyCapableLinContractTest extends FakeMasterOnlyLinContractTest {

    @Override
    protected LinInterface open() {
        return new FakeLinBus(EnumSet.allOf(LinCapability.class));
    }
}
