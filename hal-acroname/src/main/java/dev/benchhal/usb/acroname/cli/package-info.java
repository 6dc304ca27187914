/** {@code benchhal hub}: the hub subcommand: discovery, port state and power of USB hubs, added to the command line as a {@link dev.benchhal.cli.spi.CommandProvider}. */
package dev.benchhal.usb.acroname.cli;
