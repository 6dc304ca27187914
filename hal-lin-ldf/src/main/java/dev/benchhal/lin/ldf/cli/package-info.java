/** {@code benchhal ldf}: the ldf subcommand: check, list, decode and encode with LIN description files, added to the command line as a {@link dev.benchhal.cli.spi.CommandProvider}. */
package dev.benchhal.lin.ldf.cli;
