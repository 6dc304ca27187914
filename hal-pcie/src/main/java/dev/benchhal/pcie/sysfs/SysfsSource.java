package dev.benchhal.pcie.sysfs;

/**
 * Where a {@link SysfsPcieHost} reads and writes PCI sysfs: this machine's files, a host behind
 * a {@link dev.benchhal.shell.HostShell}, or a simulator. Paths given to {@link #write} are
 * relative to the PCI bus directory ({@code /sys/bus/pci}): {@code devices/0000:02:00.0/remove},
 * {@code rescan}, {@code slots/3/power}; the host builds them from validated parts only.
 */
public interface SysfsSource extends AutoCloseable {

    /**
     * @param request what to read besides sysfs
     * @return one consistent read
     * @throws dev.benchhal.error.HalException when the tree cannot be read
     */
    HostProbe probe(HostProbe.Request request);

    /**
     * Reads some functions only, with the slots: what a poll of one device needs. A function that is absent is left
     * out. The default reads the whole tree and keeps those functions; a source that can read one directory
     * cheaply does so.
     *
     * @param addresses the functions
     * @return their files, as one {@link #probe} would have them
     * @throws dev.benchhal.error.HalException when the tree cannot be read
     */
    default SysfsImage probeFunctions(java.util.Set<dev.benchhal.pcie.PcieAddress> addresses) {
        SysfsImage all = probe(HostProbe.Request.sysfsOnly()).sysfs();
        java.util.Set<String> names = new java.util.HashSet<>();
        addresses.forEach(a -> names.add(a.toString()));
        return new SysfsImage(all.source(), all.devices().stream().filter(f -> names.contains(f.name())).toList(), all.slots(),
                all.unreadable());
    }

    /**
     * Writes a control file.
     *
     * @param relativePath below the bus directory
     * @param value        what to write, {@code 1} for most
     * @throws dev.benchhal.error.HalException when the write fails (permission, no such file)
     */
    void write(String relativePath, String value);

    /** @return where this source reads, for messages */
    String describe();

    /** Releases what the source holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
