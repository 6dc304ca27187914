package dev.benchhal.cli;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code benchhal psu ...}): alone it is a usage error naming them. */
abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
