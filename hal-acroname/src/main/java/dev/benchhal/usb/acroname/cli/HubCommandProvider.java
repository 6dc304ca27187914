package dev.benchhal.usb.acroname.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;

/** Adds {@code benchhal hub} to the command line: the hub subcommand: discovery, port state and power of USB hubs. */
public final class HubCommandProvider implements CommandProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public HubCommandProvider() {
    }

    @Override
    public String name() {
        return "hub";
    }

    @Override
    public String summary() {
        return HubCommand.SUMMARY;
    }

    @Override
    public Object command(CliContext context) {
        return new HubCommand(context);
    }
}
