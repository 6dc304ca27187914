package dev.benchhal.pcie.sysfs.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;

/** Adds {@code benchhal pcie} to the command line: the pcie subcommand: PCIe devices, links, slots and the concentrator dump. */
public final class PcieCommandProvider implements CommandProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public PcieCommandProvider() {
    }

    @Override
    public String name() {
        return "pcie";
    }

    @Override
    public String summary() {
        return PcieCommand.SUMMARY;
    }

    @Override
    public Object command(CliContext context) {
        return new PcieCommand();
    }
}
