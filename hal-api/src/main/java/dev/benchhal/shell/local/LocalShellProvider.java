package dev.benchhal.shell.local;

import dev.benchhal.error.ConfigException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverProvider;

import java.util.Set;

/** Provider of scheme {@code local}: a {@link HostShell} on this machine. Takes no target and no options. */
public final class LocalShellProvider implements DriverProvider<HostShell> {

    /** Called by {@link java.util.ServiceLoader}. */
    public LocalShellProvider() {
    }

    @Override
    public String scheme() {
        return "local";
    }

    @Override
    public Class<HostShell> family() {
        return HostShell.class;
    }

    @Override
    public HostShell open(DeviceSpec spec, DriverContext context) {
        if (!spec.uri().target().isEmpty()) {
            throw new ConfigException(spec.uri().toString(), "local: takes no target, got \"" + spec.uri().target() + "\"");
        }
        spec.requireKnownOptions(Set.of());
        return new LocalHostShell(spec.uri());
    }

    @Override
    public String description() {
        return "commands and files on this machine";
    }
}
