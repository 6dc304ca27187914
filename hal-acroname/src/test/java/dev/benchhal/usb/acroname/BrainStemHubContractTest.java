package dev.benchhal.usb.acroname;

import dev.benchhal.tck.UsbHubContract;
import dev.benchhal.usb.UsbHub;

/** The real bridge script and driver, with real Python, against the team's fake BrainStem SDK. */
class BrainStemHubContractTest extends UsbHubContract {

    @Override
    protected UsbHub open() {
        return FakeBrainStem.open(FakeBrainStem.HUB3P, "");
    }

    @Override
    protected int testPort() {
        return 3;
    }
}
