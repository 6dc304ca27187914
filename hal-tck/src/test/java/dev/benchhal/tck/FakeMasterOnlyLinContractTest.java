package dev.benchhal.tck;

import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.tck.fakes.FakeLinBus;

import java.util.Set;

/** The LIN contract passes on a master-only reference fake (no optional capability), like a MUM. */
class FakeMasterOnlyLinContractTest extends LinInterfaceContract {

    @Override
    protected LinInterface open() {
        return new FakeLinBus(Set.of());
    }

    @Override
    protected SlaveFrame respondingFrame() {
        return new SlaveFrame(0x11, 4);
    }

    @Override
    protected java.util.List<SlaveFrame> respondingFrames() {
        return java.util.List.of(respondingFrame(), new SlaveFrame(0x12, 8));
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
