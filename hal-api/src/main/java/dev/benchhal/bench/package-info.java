/**
 * Benches: {@link dev.benchhal.bench.BenchFiles} reads YAML and JSON bench files,
 * {@link dev.benchhal.bench.BenchResolver} applies the precedence override > environment >
 * file > defaults, and {@link dev.benchhal.bench.Bench} opens devices lazily by role and closes
 * them in reverse order.
 */
package dev.benchhal.bench;
