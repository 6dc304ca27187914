package dev.benchhal.lin.mum;

import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.fakes.FakeVendorSdks;

import java.nio.file.Path;

/** The team's fake pymumclient/pylin (hal-tck's {@link FakeVendorSdks}) and URIs that use them with the real bridge script. */
final class FakeMum {

    private FakeMum() {
    }

    static Path packages() {
        return FakeVendorSdks.pythonPath();
    }

    /** @param host {@code fake}, or a misbehaviour such as {@code crash-12.fake} (see the fake pymumclient) */
    static String uri(String host, String options) {
        return "mum://" + host + "/lin0?pythonPath=" + packages() + "&bootSettle=10ms" + (options.isEmpty() ? "" : "&" + options);
    }

    static MumLinInterface open(String host, String options) {
        return (MumLinInterface) new MumProvider().open(DeviceSpec.of(uri(host, options)), DriverContext.standalone());
    }
}
