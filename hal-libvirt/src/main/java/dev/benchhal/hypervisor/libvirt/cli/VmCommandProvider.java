package dev.benchhal.hypervisor.libvirt.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;

/** Adds {@code benchhal vm} to the command line: the vm subcommand: virtual machines of a hypervisor. */
public final class VmCommandProvider implements CommandProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public VmCommandProvider() {
    }

    @Override
    public String name() {
        return "vm";
    }

    @Override
    public String summary() {
        return VmCommand.SUMMARY;
    }

    @Override
    public Object command(CliContext context) {
        return new VmCommand();
    }
}
