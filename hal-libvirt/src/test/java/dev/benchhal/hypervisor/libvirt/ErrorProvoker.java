package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * A JVM of its own that makes libvirt report an error, for the test that looks at what reaches
 * file descriptor 2 (libvirt's C code prints there, past {@code System.err}). {@code driver}
 * goes through the driver; {@code raw} uses libvirt-java directly, the control that shows
 * libvirt does print when nobody routes its errors.
 */
public final class ErrorProvoker {

    private ErrorProvoker() {
    }

    /** @param args {@code driver} or {@code raw} */
    @SuppressWarnings("exports")   // a test's main method: libvirt's exception type leaves it on purpose
    public static void main(String[] args) throws LibvirtException {
        if (args[0].equals("raw")) {
            Connect connect = new Connect("test:///default", false);
            try {
                connect.domainLookupByName("no-such-domain");
            } catch (LibvirtException expected) {
                // printed by libvirt already, which is the point
            }
            connect.close();
            return;
        }
        try (HypervisorClient hv = new LibvirtProvider().open(DeviceSpec.of("libvirt:test:///default"), DriverContext.standalone())) {
            hv.state("no-such-domain");
        } catch (NotFoundException expected) {
            // typed, and not printed by libvirt
        }
    }
}
