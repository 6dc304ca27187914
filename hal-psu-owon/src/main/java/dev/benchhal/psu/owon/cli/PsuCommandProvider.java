package dev.benchhal.psu.owon.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;

/** Adds {@code benchhal psu} to the command line: the psu subcommand: identity, setpoints, measurements and output of a power supply. */
public final class PsuCommandProvider implements CommandProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public PsuCommandProvider() {
    }

    @Override
    public String name() {
        return "psu";
    }

    @Override
    public String summary() {
        return PsuCommand.SUMMARY;
    }

    @Override
    public Object command(CliContext context) {
        return new PsuCommand();
    }
}
