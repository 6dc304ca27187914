/**
 * Safety around real power: {@link dev.benchhal.safety.SafeState} for devices that have a safe
 * state, and {@link dev.benchhal.safety.SafetyNet}, which enters it on failure and from a JVM
 * shutdown hook.
 */
package dev.benchhal.safety;
