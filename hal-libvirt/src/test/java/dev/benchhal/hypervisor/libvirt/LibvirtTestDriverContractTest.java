package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.tck.HypervisorClientContract;

/** The contract on libvirt's test driver, in process (the real libvirt library, no daemon). */
class LibvirtTestDriverContractTest extends HypervisorClientContract {

    @Override
    protected HypervisorClient open() {
        return new LibvirtProvider().open(DeviceSpec.of("libvirt:test:///default"), DriverContext.standalone());
    }
}
