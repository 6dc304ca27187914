/**
 * The {@code benchhal} command line: its own subcommands, and those the modules on the path
 * contribute as {@link dev.benchhal.cli.spi.CommandProvider}s.
 */
module dev.benchhal.cli {
    requires dev.benchhal;
    requires dev.benchhal.core;
    requires dev.benchhal.harness;
    requires dev.benchhal.cli.spi;
    requires dev.benchhal.lin.ldf;
    requires dev.benchhal.lin.mock;
    requires info.picocli;
    requires tools.jackson.databind;
    requires org.slf4j;

    opens dev.benchhal.cli to info.picocli;

    uses dev.benchhal.cli.spi.CommandProvider;
}
