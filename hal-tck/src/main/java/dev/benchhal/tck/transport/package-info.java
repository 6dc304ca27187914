/**
 * Test transports: {@link dev.benchhal.tck.transport.ScriptedLineTransport} plays expected
 * command/reply pairs and fails on surprises or leftovers;
 * {@link dev.benchhal.tck.transport.RecordingLineTransport} records a real session as such a script.
 */
package dev.benchhal.tck.transport;
