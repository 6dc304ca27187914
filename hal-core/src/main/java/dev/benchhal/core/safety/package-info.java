/**
 * The safety net's implementation: a JVM shutdown hook and a bounded time per device ({@link dev.benchhal.core.safety.ShutdownSafetyNet}).
 */
package dev.benchhal.core.safety;
