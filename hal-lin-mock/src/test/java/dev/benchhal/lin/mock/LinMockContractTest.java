package dev.benchhal.lin.mock;

import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.LinInterfaceContract;

/** The simulator passes the LinInterface contract on the shipped ALM cluster. */
class LinMockContractTest extends LinInterfaceContract {

    @Override
    protected LinInterface open() {
        return new LinMockProvider().open(DeviceSpec.of("lin-mock:?ldf=builtin:alm&time=virtual"), DriverContext.standalone());
    }

    @Override
    protected SlaveFrame respondingFrame() {
        return new SlaveFrame(0x11, 4);
    }

    @Override
    protected java.util.List<SlaveFrame> respondingFrames() {
        return java.util.List.of(respondingFrame(), new SlaveFrame(0x12, 8), new SlaveFrame(0x14, 2));
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
