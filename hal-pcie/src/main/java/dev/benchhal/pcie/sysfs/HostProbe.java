package dev.benchhal.pcie.sysfs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one probe of a host returned: the PCI sysfs tree and, when asked for, the facts of
 * the concentrator dump. A remote host answers all of it in one round trip.
 *
 * @param sysfs     the PCI sysfs tree
 * @param cpuinfo   {@code /proc/cpuinfo}, when asked for and readable
 * @param lspciTree the output of {@code lspci -tv}, when asked for and lspci is installed
 * @param baseboard the output of {@code dmidecode -t baseboard}, when asked for and it succeeded
 */
public record HostProbe(SysfsImage sysfs, Optional<String> cpuinfo, Optional<List<String>> lspciTree,
                        Optional<List<String>> baseboard) {

    /**
     * Checks the fields.
     *
     * @param sysfs     the PCI sysfs tree
     * @param cpuinfo   {@code /proc/cpuinfo}, when asked for and readable
     * @param lspciTree the output of {@code lspci -tv}, when asked for and lspci is installed
     * @param baseboard the output of {@code dmidecode -t baseboard}, when asked for and it succeeded
     */
    public HostProbe {
        Objects.requireNonNull(sysfs, "sysfs");
        Objects.requireNonNull(cpuinfo, "cpuinfo");
        lspciTree = lspciTree.map(List::copyOf);
        baseboard = baseboard.map(List::copyOf);
    }

    /**
     * What to probe besides sysfs.
     *
     * @param cpuinfo   read {@code /proc/cpuinfo}
     * @param lspciTree run {@code lspci -tv}
     * @param baseboard run {@code dmidecode -t baseboard}
     */
    public record Request(boolean cpuinfo, boolean lspciTree, boolean baseboard) {

        /** @return sysfs only */
        public static Request sysfsOnly() {
            return new Request(false, false, false);
        }
    }
}
