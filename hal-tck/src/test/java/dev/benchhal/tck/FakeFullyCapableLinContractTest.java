package dev.benchhal.tck;

import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.tck.fakes.FakeLinBus;

import java.util.EnumSet;

/** The LIN contract passes on a reference fake with every optional capability, like a simulator. */
class FakeFullyCapableLinContractTest extends LinInterfaceContract {

    @Override
    protected LinInterface open() {
        return new FakeLinBus(EnumSet.allOf(LinCapability.class));
    }

    @Override
    protected SlaveFrame respondingFrame() {
        return new SlaveFrame(0x11, 4);
    }

    @Override
    protected int silentFrameId() {
        return 0x22;
    }

    @Override
    protected LinFrame publishableFrame() {
        return LinFrame.of(0x0A, 1, 2);
    }
}
