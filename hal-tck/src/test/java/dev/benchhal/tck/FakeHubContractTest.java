package dev.benchhal.tck;

import dev.benchhal.tck.fakes.FakeUsbHub;
import dev.benchhal.usb.UsbHub;

/** The USB hub contract passes on an eight-port reference fake, switching its last port. */
class FakeHubContractTest extends UsbHubContract {

    @Override
    protected UsbHub open() {
        return new FakeUsbHub(8);
    }

    @Override
    protected int testPort() {
        return 7;
    }
}
