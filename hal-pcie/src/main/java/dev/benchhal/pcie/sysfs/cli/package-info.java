/** {@code benchhal pcie}: the pcie subcommand: PCIe devices, links, slots and the concentrator dump, added to the command line as a {@link dev.benchhal.cli.spi.CommandProvider}. */
package dev.benchhal.pcie.sysfs.cli;
