package dev.benchhal.pcie;

/**
 * What a {@link PcieHost#snapshot(SnapshotOptions)} probes.
 *
 * @param label      the header label
 * @param hostProbe  {@code false} for CPU only: no sysfs enumeration, no lspci, no dmidecode
 * @param lspciLines lines of {@code lspci -tv} to keep; 0 skips lspci
 * @param baseboard  {@code true} to try {@code dmidecode -t baseboard}
 */
public record SnapshotOptions(String label, boolean hostProbe, int lspciLines, boolean baseboard) {

    /**
     * Validates the counts.
     *
     * @param label      the header label
     * @param hostProbe  {@code false} for CPU only: no sysfs enumeration, no lspci, no dmidecode
     * @param lspciLines lines of {@code lspci -tv} to keep; 0 skips lspci
     * @param baseboard  {@code true} to try {@code dmidecode -t baseboard}
     */
    public SnapshotOptions {
        if (lspciLines < 0) {
            throw new IllegalArgumentException("lspciLines must not be negative: " + lspciLines);
        }
    }

    /**
     * @param label the header label
     * @return the dump's defaults: host probe on, 18 lspci lines, baseboard on
     */
    public static SnapshotOptions defaults(String label) {
        return new SnapshotOptions(label, true, 18, true);
    }
}
