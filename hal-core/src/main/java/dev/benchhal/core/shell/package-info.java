/** The {@code local:} {@link dev.benchhal.shell.HostShell}: commands and files on this machine. */
package dev.benchhal.core.shell;
