/**
 * The hypervisor family: {@link dev.benchhal.hypervisor.HypervisorClient} with domains from
 * typed {@link dev.benchhal.hypervisor.DomainSpec}s, PCI passthrough and owned-domain cleanup.
 */
package dev.benchhal.hypervisor;
