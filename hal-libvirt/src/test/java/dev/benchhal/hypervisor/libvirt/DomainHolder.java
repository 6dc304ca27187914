package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

/**
 * A harness in a JVM of its own for the signal tests: defines and starts one domain, says so on
 * stdout, then waits to be killed without ever closing the client.
 */
public final class DomainHolder {

    private DomainHolder() {
    }

    /** @param args libvirt's URI, the domain name */
    @SuppressWarnings({"resource", "java:S106"}) // stdout is the test's channel; the client is never closed on purpose
    public static void main(String[] args) throws InterruptedException {
        HypervisorClient hv = new LibvirtProvider().open(DeviceSpec.of("libvirt:" + args[0]), DriverContext.standalone());
        hv.define(DomainSpec.builder(args[1]).memoryMiB(64).vcpus(1).build());
        hv.start(args[1]);
        System.out.println("domain running");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
