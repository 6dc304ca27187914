package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.UnsupportedFeatureException;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.BasicDriverProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scheme {@code libvirt}: {@code libvirt:LIBVIRT_URI}, for example {@code libvirt:qemu:///system},
 * {@code libvirt:qemu+ssh://root@rig/system}, {@code libvirt:test:///default} or
 * {@code libvirt:test:///path/to/node.xml} (libvirt's test driver with a custom description). Everything after
 * {@code libvirt:}, query included, is libvirt's URI: {@code libvirt:qemu+ssh://root@rig/system?keyfile=/k}.
 */
public final class LibvirtProvider extends BasicDriverProvider<HypervisorClient> {

    /** Called by {@link java.util.ServiceLoader}. */
    public LibvirtProvider() {
        super("libvirt", HypervisorClient.class, API_VERSION,
                "virtual machines through libvirt: typed domain specs, passthrough, guaranteed cleanup");
    }

    /** @return the local system and session daemons whose sockets are there; nothing is connected to */
    @Override
    public List<DiscoveredDevice> discover(DriverContext context) {
        return LibvirtSockets.discover(LibvirtSockets.SYSTEM_RUN, LibvirtSockets.sessionRun(context.environment()));
    }

    /** {@code libvirt:test:///...}: libvirt's own test driver, a hypervisor in memory. */
    @Override
    public boolean simulates(DeviceSpec spec) {
        return spec.uri().target().startsWith("test:");
    }

    @Override
    public HypervisorClient open(DeviceSpec spec, DriverContext context) {
        // the URI's query belongs to libvirt (socket=, keyfile=, known_hosts=, no_verify= ...) and goes
        // to it unchanged; options from elsewhere (a bench file) would be silently lost, so they are refused
        Set<String> foreign = new TreeSet<>(spec.options().keySet());
        foreign.removeAll(spec.uri().parameters().keySet());
        if (!foreign.isEmpty()) {
            throw new ConfigException(spec.uri().toString(), "libvirt takes no options " + foreign
                    + "; put libvirt's own parameters into its URI");
        }
        String libvirtUri = spec.uri().schemeSpecificPart();
        if (!spec.uri().target().matches("[a-z][a-z0-9+.-]*:.*")) {
            throw new ConfigException(spec.uri().toString(), "expected libvirt:LIBVIRT_URI such as libvirt:qemu:///system "
                    + "or libvirt:test:///default");
        }
        try {
            return LibvirtClient.open(spec.uri(), libvirtUri, context.clock(), context.safetyNet());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new UnsupportedFeatureException(spec.uri().toString(), missingLibrary(e), e);
        }
    }

    /** What to install, in one line, for the native library or the JNA classes libvirt-java needs. */
    static String missingLibrary(LinkageError e) {
        if (e instanceof NoClassDefFoundError) {
            return "JNA is not on the class path (" + e.getMessage() + "): add net.java.dev.jna:jna, which "
                    + "hal-libvirt brings as a dependency";
        }
        return "libvirt's C library (libvirt.so.0) is not installed: install the libvirt0 package (Debian, Ubuntu) "
                + "or libvirt-libs (Fedora, RHEL)";
    }
}
