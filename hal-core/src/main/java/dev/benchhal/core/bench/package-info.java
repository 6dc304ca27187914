/**
 * Benches: {@link dev.benchhal.core.bench.BenchFiles} reads YAML and JSON bench files,
 * {@link dev.benchhal.core.bench.BenchResolver} applies the precedence override > environment >
 * file > defaults, and {@link dev.benchhal.core.bench.Bench} opens devices lazily by role and closes
 * them in reverse order.
 */
package dev.benchhal.core.bench;
