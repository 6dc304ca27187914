/** {@code benchhal lin}: the lin subcommand: frames, node configuration and traces on a LIN bus, added to the command line as a {@link dev.benchhal.cli.spi.CommandProvider}. */
package dev.benchhal.lin.mock.cli;
