/**
 * {@code libvirt:}: a HypervisorClient over libvirt (libvirt-java on JNA).
 */
module dev.benchhal.hypervisor.libvirt {
    requires transitive dev.benchhal;
    requires org.slf4j;
    requires java.xml;
    requires libvirt;
    requires com.sun.jna;

    exports dev.benchhal.hypervisor.libvirt;

    provides dev.benchhal.spi.DriverProvider with dev.benchhal.hypervisor.libvirt.LibvirtProvider;
}
