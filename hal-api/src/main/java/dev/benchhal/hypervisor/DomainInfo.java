package dev.benchhal.hypervisor;

import java.util.Objects;

/**
 * A domain's facts.
 *
 * @param name      the domain name
 * @param uuid      the domain UUID
 * @param state     the state when read
 * @param memoryMiB assigned memory in MiB
 * @param vcpus     virtual CPUs
 * @param owned     {@code true} when Bench HAL created it (metadata mark)
 */
public record DomainInfo(String name, String uuid, DomainState state, long memoryMiB, int vcpus, boolean owned) {
    /**
     * Checks the fields.
     *
     * @param name      the domain name
     * @param uuid      the domain UUID
     * @param state     the state when read
     * @param memoryMiB assigned memory in MiB
     * @param vcpus     virtual CPUs
     * @param owned     {@code true} when Bench HAL created it (metadata mark)
     */
    public DomainInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
    }
}
