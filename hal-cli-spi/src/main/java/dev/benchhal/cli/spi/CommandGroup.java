package dev.benchhal.cli.spi;

import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code benchhal psu ...}): alone it is a usage error
 * naming them (exit 2).
 */
public abstract class CommandGroup implements Runnable {

    /** Injected by picocli. */
    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    /** For subclasses. */
    protected CommandGroup() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
