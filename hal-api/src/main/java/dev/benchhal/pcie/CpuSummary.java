package dev.benchhal.pcie;

import java.util.Objects;

/**
 * The CPU block of a host snapshot, from {@code /proc/cpuinfo}.
 *
 * @param model          the model name
 * @param sockets        physical packages
 * @param cores          physical cores
 * @param logicalCpus    logical processors
 * @param architecture   e.g. {@code x86_64}, possibly empty
 */
public record CpuSummary(String model, int sockets, int cores, int logicalCpus, String architecture) {
    /**
     * Checks the fields.
     *
     * @param model          the model name
     * @param sockets        physical packages
     * @param cores          physical cores
     * @param logicalCpus    logical processors
     * @param architecture   e.g. {@code x86_64}, possibly empty
     */
    public CpuSummary {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(architecture, "architecture");
    }
}
