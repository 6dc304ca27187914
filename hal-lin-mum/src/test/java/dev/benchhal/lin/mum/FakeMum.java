package dev.benchhal.lin.mum;

import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The team's fake pymumclient/pylin (test resources) and URIs that use them with the real bridge script. */
final class FakeMum {

    private FakeMum() {
    }

    static Path packages() {
        try {
            return Path.of(FakeMum.class.getResource("/fakemum").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param host {@code fake}, or a misbehaviour such as {@code crash-12.fake} (see the fake pymumclient) */
    static String uri(String host, String options) {
        return "mum://" + host + "/lin0?pythonPath=" + packages() + "&bootSettle=10ms" + (options.isEmpty() ? "" : "&" + options);
    }

    static MumLinInterface open(String host, String options) {
        return (MumLinInterface) new MumProvider().open(DeviceSpec.of(uri(host, options)), DriverContext.standalone());
    }
}
