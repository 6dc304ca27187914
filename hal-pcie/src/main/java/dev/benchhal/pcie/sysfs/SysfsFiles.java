package dev.benchhal.pcie.sysfs;

import java.util.List;

/** The files of a PCI device directory the driver reads, in one place for the local reader and the remote script. */
final class SysfsFiles {

    /** Attribute files read as text. */
    static final List<String> ATTRIBUTES = List.of("vendor", "device", "subsystem_vendor", "subsystem_device", "class",
            "revision", "numa_node", "current_link_speed", "current_link_width", "max_link_speed", "max_link_width",
            "aer_dev_correctable", "aer_dev_nonfatal", "aer_dev_fatal");

    /** Lines of an attribute file read at most (the AER files have about 20); sysfs files are one page at most. */
    static final int MAX_ATTRIBUTE_LINES = 64;

    /** Bytes of an attribute file read at most: a sysfs attribute is one page at most. */
    static final int MAX_ATTRIBUTE_BYTES = 4096;

    /** Lines of {@code dmidecode -t baseboard} the dump keeps, as the seed does. */
    static final int BASEBOARD_LINES = 14;

    private SysfsFiles() {
    }
}
