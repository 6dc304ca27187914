package dev.benchhal.lin.mum;

import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.LinInterfaceContract;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.testcontainers.LabHostExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Optional;

/** The LIN contract with the MUM's bridge on a lab host in a container, over SSH ({@code mum://...?via=}). */
@ExtendWith(LabHostExtension.class)
class LabHostMumContractTest extends LinInterfaceContract {

    private static HostShell labHost;

    @BeforeAll
    static void start(LabHostContainer container) {
        labHost = DriverRegistry.load().open(container.sshUri(), HostShell.class);
    }

    @AfterAll
    static void stop() {
        if (labHost != null) {
            labHost.close();
        }
    }

    @Override
    protected LinInterface open() {
        DriverContext context = DriverContext.standalone();
        MumSettings settings = MumSettings.from(DeviceSpec.of("mum://fake/lin0?via=labhost&bootSettle=10ms&python="
                + LabHostContainer.PYTHON + "&pythonPath=" + LabHostContainer.PYTHON_PATH), context);
        return MumLinInterface.open(settings, context.clock(), Optional.of(labHost));
    }

    @Override
    protected SlaveFrame respondingFrame() {
        return new SlaveFrame(0x11, 4);
    }

    @Override
    protected List<SlaveFrame> respondingFrames() {
        return List.of(respondingFrame(), new SlaveFrame(0x12, 8));
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
