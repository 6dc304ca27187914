/**
 * Test shells: {@link dev.benchhal.tck.shell.ForwardingHostShell} wraps a real HostShell so a test
 * can count, rewrite or fail what passes through it.
 */
package dev.benchhal.tck.shell;
