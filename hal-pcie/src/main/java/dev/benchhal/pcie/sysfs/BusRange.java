package dev.benchhal.pcie.sysfs;

/**
 * The buses behind a bridge, from its configuration header (secondary and subordinate bus number).
 *
 * @param secondary   the bus directly behind the bridge
 * @param subordinate the highest bus behind it
 */
public record BusRange(int secondary, int subordinate) {

    /**
     * Checks the range.
     *
     * @param secondary   the bus directly behind the bridge
     * @param subordinate the highest bus behind it
     */
    public BusRange {
        if (secondary < 0 || secondary > 0xFF || subordinate < 0 || subordinate > 0xFF) {
            throw new IllegalArgumentException("bus numbers are 8-bit: " + secondary + "-" + subordinate);
        }
    }

    boolean contains(int bus) {
        return secondary <= bus && bus <= subordinate;
    }
}
