package dev.benchhal.hypervisor;

/** Where a guest's addresses are looked up. */
public enum AddressSource {
    /** The hypervisor network's DHCP leases. */
    LEASE,
    /** The guest agent inside the domain. */
    AGENT,
    /** The host's ARP table. */
    ARP
}
