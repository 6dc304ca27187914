/** {@code benchhal psu}: the psu subcommand: identity, setpoints, measurements and output of a power supply, added to the command line as a {@link dev.benchhal.cli.spi.CommandProvider}. */
package dev.benchhal.psu.owon.cli;
