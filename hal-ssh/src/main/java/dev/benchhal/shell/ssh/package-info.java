/** {@link dev.benchhal.shell.HostShell} over SSH (scheme {@code ssh}), on jsch. */
package dev.benchhal.shell.ssh;
