package dev.benchhal.lin.mock.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;

/** Adds {@code benchhal lin} to the command line: the lin subcommand: frames, node configuration and traces on a LIN bus. */
public final class LinCommandProvider implements CommandProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public LinCommandProvider() {
    }

    @Override
    public String name() {
        return "lin";
    }

    @Override
    public String summary() {
        return LinCommand.SUMMARY;
    }

    @Override
    public Object command(CliContext context) {
        return new LinCommand();
    }
}
