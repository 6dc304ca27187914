package dev.benchhal.lin.ldf.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

/** Adds {@code benchhal ldf} to the command line: the ldf subcommand: check, list, decode and encode with LIN description files. */
public final class LdfCommandProvider implements CommandProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public LdfCommandProvider() {
    }

    @Override
    public String name() {
        return "ldf";
    }

    @Override
    public String summary() {
        return LdfCommand.SUMMARY;
    }

    @Override
    public Object command(CliContext context) {
        return new LdfCommand();
    }

    /** {@code info|frames|signals FILE [--lenient]}: parsing the file is the whole work, picocli would double it. */
    @Override
    public OptionalInt runDirect(List<String> args, PrintWriter out, PrintWriter err) {
        return LdfViews.runDirect(args, out, err);
    }
}
