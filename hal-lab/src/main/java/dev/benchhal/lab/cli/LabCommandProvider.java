package dev.benchhal.lab.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;

/** Adds {@code benchhal lab} to the command line: run a lab file's specs over its boards, see and release leases. */
public final class LabCommandProvider implements CommandProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public LabCommandProvider() {
    }

    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String summary() {
        return LabCommand.SUMMARY;
    }

    @Override
    public Object command(CliContext context) {
        return new LabCommand();
    }
}
