/**
 * {@code libvirt:}: a HypervisorClient over libvirt (libvirt-java on JNA).
 */
module dev.benchhal.hypervisor.libvirt {
    requires transitive dev.benchhal;
    requires org.slf4j;
    requires dev.benchhal.cli.spi;
    // picocli is there when the command line runs, the only place that loads the command
    requires static info.picocli;
    requires java.xml;
    requires libvirt;
    requires com.sun.jna;

    exports dev.benchhal.hypervisor.libvirt;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.hypervisor.libvirt.LibvirtProvider;

    opens dev.benchhal.hypervisor.libvirt.cli to info.picocli;
    provides dev.benchhal.cli.spi.CommandProvider with dev.benchhal.hypervisor.libvirt.cli.VmCommandProvider;
}
