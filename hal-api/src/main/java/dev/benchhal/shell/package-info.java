/**
 * The host shell transport: {@link dev.benchhal.shell.HostShell} runs argument-list
 * {@link dev.benchhal.shell.Command}s and moves files, locally or over SSH.
 */
package dev.benchhal.shell;
