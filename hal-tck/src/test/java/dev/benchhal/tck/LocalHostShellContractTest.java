package dev.benchhal.tck;

import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@code local:} passes the HostShell contract, opened through the registry like a user would. */
class LocalHostShellContractTest extends HostShellContract {

    @TempDir
    Path scratch;

    @Override
    protected HostShell open() {
        return DriverRegistry.load().open("local:", HostShell.class);
    }

    @Override
    protected String scratchDirectory() {
        return scratch.toString();
    }
}
