package dev.benchhal.core.shell;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.BasicDriverProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/** Provider of scheme {@code local}: a {@link HostShell} on this machine. Takes no target and no options. */
public final class LocalShellProvider extends BasicDriverProvider<HostShell> {

    /** Called by {@link java.util.ServiceLoader}. */
    public LocalShellProvider() {
        super("local", HostShell.class, API_VERSION,
                "commands and files on this machine");
    }

    @Override
    public HostShell open(DeviceSpec spec, DriverContext context) {
        if (!spec.uri().target().isEmpty()) {
            throw new ConfigException(spec.uri().toString(), "local: takes no target, got \"" + spec.uri().target() + "\"");
        }
        spec.requireKnownOptions(Set.of());
        return new LocalHostShell(spec.uri());
    }

    /** @return this machine, always present */
    @Override
    public List<DiscoveredDevice> discover(DriverContext context) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "this machine";
        }
        return List.of(new DiscoveredDevice(DeviceUri.parse("local:"), host + " (" + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ")"));
    }

}
