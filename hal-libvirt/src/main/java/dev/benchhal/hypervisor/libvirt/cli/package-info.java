/** {@code benchhal vm}: the vm subcommand: virtual machines of a hypervisor, added to the command line as a {@link dev.benchhal.cli.spi.CommandProvider}. */
package dev.benchhal.hypervisor.libvirt.cli;
