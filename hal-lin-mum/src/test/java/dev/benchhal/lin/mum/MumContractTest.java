package dev.benchhal.lin.mum;

import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.tck.LinInterfaceContract;

/** The real bridge script and driver, with real Python, against the team's fake Melexis packages. */
class MumContractTest extends LinInterfaceContract {

    @Override
    protected LinInterface open() {
        return FakeMum.open("fake", "");
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
        return 0x30;
    }

    @Override
    protected LinFrame publishableFrame() {
        return LinFrame.of(0x0A, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
