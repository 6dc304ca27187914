/**
 * Time for benches: {@link dev.benchhal.time.BenchClock} (real or virtual) and the polling
 * helper {@code dev.benchhal.core.time.Await} of {@code hal-core}. All waiting in Bench HAL goes through a clock so
 * simulated benches run in deterministic virtual time.
 */
package dev.benchhal.time;
