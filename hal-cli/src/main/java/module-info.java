/** The {@code benchhal} command line. */
module dev.benchhal.cli {
    requires dev.benchhal;
    requires dev.benchhal.core;
    requires dev.benchhal.lin.ldf;
    requires dev.benchhal.lin.mock;
    requires dev.benchhal.usb.acroname;
    requires dev.benchhal.pcie.sysfs;
    requires info.picocli;
    requires tools.jackson.databind;
    requires org.slf4j;

    opens dev.benchhal.cli to info.picocli;
}
