/**
 * The campaign runner every harness shares: {@link dev.benchhal.harness.Campaign} cycles every path at once each
 * iteration and reports every failure with its path and phase; {@link dev.benchhal.harness.RecordLog} appends the
 * records as they happen; {@link dev.benchhal.harness.Progress} shows a bar on a terminal, log lines elsewhere.
 */
package dev.benchhal.harness;
