package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.tck.guest.PrivateLibvirtd;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.HypervisorClientContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on a real libvirtd running real QEMU (software emulation, diskless domains). */
class LibvirtQemuContractTest extends HypervisorClientContract {

    private static PrivateLibvirtd daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = PrivateLibvirtd.start();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Override
    protected HypervisorClient open() {
        return new LibvirtProvider().open(DeviceSpec.of("libvirt:" + daemon.libvirtUri()), DriverContext.standalone());
    }
}
