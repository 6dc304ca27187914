/**
 * How a driver module adds its subcommand to {@code benchhal}: a {@link dev.benchhal.cli.spi.CommandProvider}
 * registered as a service, and the helpers every subcommand shares. Picocli is needed only where the
 * command line runs: the command line loads the providers, nothing else does.
 */
module dev.benchhal.cli.spi {
    requires transitive dev.benchhal;
    requires static transitive info.picocli;

    exports dev.benchhal.cli.spi;
    opens dev.benchhal.cli.spi to info.picocli;
}
