/**
 * What every campaign shares: {@link dev.benchhal.harness.RecordLog}, one JSON object per line, appended and
 * flushed as each step ends, read back for resuming and reporting.
 */
package dev.benchhal.harness;
