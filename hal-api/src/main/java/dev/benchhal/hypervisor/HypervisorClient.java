package dev.benchhal.hypervisor;

import dev.benchhal.Device;
import dev.benchhal.pcie.PcieAddress;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A hypervisor connection (libvirt): domains from typed specs, their lifecycle and addresses,
 * PCI passthrough, and guaranteed cleanup of what this client created.
 *
 * <pre>{@code
 * try (HypervisorClient hv = drivers.open("libvirt:test:///default", HypervisorClient.class)) {
 *     hv.define(DomainSpec.builder("guest-1").memoryMiB(512).vcpus(1).build());
 *     hv.start("guest-1");
 * }   // guest-1 is destroyed and undefined: this client created it
 * }</pre>
 *
 * <p>Ownership: domains defined through this client are marked as created by Bench HAL and,
 * unless {@link #keepOnClose(String)} was called, destroyed and undefined on {@link #close()},
 * even after failures. {@link #leftovers()} lists marked domains still defined. Thread-safe.
 */
public interface HypervisorClient extends Device {

    /** @return every domain, defined or running */
    List<DomainInfo> domains();

    /**
     * @param name a domain name
     * @return its state and facts, if it exists
     */
    Optional<DomainInfo> domain(String name);

    /**
     * Defines a domain (persistent, not started) and marks it as owned by this client.
     *
     * @param spec the domain
     * @return the defined domain
     * @throws dev.benchhal.error.ConfigException when a domain of that name exists already
     */
    DomainInfo define(DomainSpec spec);

    /** @param name the domain to start */
    void start(String name);

    /**
     * Asks the guest to shut down and waits; destroys it when the timeout passes.
     *
     * @param name    the domain
     * @param timeout how long the guest gets, on the bench clock
     * @return {@code true} when it shut down gracefully, {@code false} when it had to be destroyed
     */
    boolean shutdown(String name, Duration timeout);

    /** @param name the domain to stop at once (power off) */
    void destroy(String name);

    /** @param name the stopped domain to remove from the hypervisor */
    void undefine(String name);

    /**
     * @param name a domain
     * @return its state now
     * @throws dev.benchhal.error.NotFoundException when it does not exist
     */
    DomainState state(String name);

    /**
     * @param name   a running domain
     * @param source where to look (DHCP lease, guest agent, ARP table)
     * @return the guest's addresses known now; empty when none yet
     */
    List<GuestAddress> addresses(String name, AddressSource source);

    /**
     * Waits until the guest has an address.
     *
     * @param name    a running domain
     * @param timeout limit on the bench clock
     * @return the first address found, IPv4 preferred
     * @throws dev.benchhal.error.HalTimeoutException when none appears
     */
    GuestAddress awaitAddress(String name, Duration timeout);

    /**
     * Passes a host PCI function through to a domain.
     *
     * @param name    the domain
     * @param address the host function
     * @param mode    live, persistent (config) or both
     */
    void attachHostDevice(String name, PcieAddress address, AttachMode mode);

    /**
     * Takes a passed-through function back from a domain.
     *
     * @param name    the domain
     * @param address the host function
     * @param mode    live, persistent (config) or both
     */
    void detachHostDevice(String name, PcieAddress address, AttachMode mode);

    /** @return the host's PCI node devices */
    List<NodeDevice> pciNodeDevices();

    /** @param address a host function to detach from its host driver (for passthrough) */
    void detachFromHost(PcieAddress address);

    /** @param address a host function to give back to its host driver */
    void reattachToHost(PcieAddress address);

    /** @param name an owned domain to leave defined when this client closes */
    void keepOnClose(String name);

    /** @return names of domains marked as created by Bench HAL that are still defined */
    List<String> leftovers();
}
