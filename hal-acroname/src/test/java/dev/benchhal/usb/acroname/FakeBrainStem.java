package dev.benchhal.usb.acroname;

import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.fakes.FakeVendorSdks;

import java.nio.file.Path;

/** The team's fake brainstem package (hal-tck's {@link FakeVendorSdks}) with the real bridge script. */
final class FakeBrainStem {

    static final String HUB3P = "BFABDDC4";
    static final String HUB2X4 = "E2C9BFA6";
    static final String CRASHING = "00C0FFEE";
    /** keeps its port state between processes, like hardware */
    static final String PERSISTENT = "0000BEEF";

    private FakeBrainStem() {
    }

    static Path packages() {
        return FakeVendorSdks.pythonPath();
    }

    /** @return where the fake SDK keeps hub state and locks: beside its packages, this build's own */
    static Path stateFile(String serial) {
        return packages().resolve(".state").resolve("fake-brainstem-" + serial + ".json");
    }

    static String uri(String serial, String options) {
        return "acroname:usb:" + serial + "?pythonPath=" + packages() + (options.isEmpty() ? "" : "&" + options);
    }

    static BrainStemHub open(String serial, String options) {
        return (BrainStemHub) new AcronameProvider().open(DeviceSpec.of(uri(serial, options)), DriverContext.standalone());
    }
}
