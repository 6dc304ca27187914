package dev.benchhal.usb.acroname;

import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.UsbHubContract;
import dev.benchhal.usb.UsbHub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on a hub reached through a HostShell, one SDK batch per operation. */
class RemoteHubContractTest extends UsbHubContract {

    @Override
    protected UsbHub open() {
        try {
            Files.deleteIfExists(FakeBrainStem.stateFile(FakeBrainStem.PERSISTENT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DeviceSpec spec = DeviceSpec.of("acroname:usb:" + FakeBrainStem.PERSISTENT + "?via=rig&python=/usr/bin/python3"
                + "&pythonPath=" + FakeBrainStem.packages());
        return BrainStemHub.open(AcronameSettings.from(spec, DriverContext.standalone()), DriverContext.standalone().clock(),
                new LocalHostShell());
    }

    @Override
    protected int testPort() {
        return 6;
    }
}
