package dev.benchhal.usb.acroname;

import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.UsbHubContract;
import dev.benchhal.usb.UsbHub;

/** The simulator passes the same contract as the real hub. */
class SimulatedHubContractTest extends UsbHubContract {

    @Override
    protected UsbHub open() {
        return new AcronameProvider().open(DeviceSpec.of("acroname:sim?ports=8"), DriverContext.standalone());
    }
}
