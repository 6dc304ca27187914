/**
 * The power-supply family: {@link dev.benchhal.psu.PowerSupply}, its outputs
 * ({@link dev.benchhal.psu.PowerOutput}), identity, ratings and measurements.
 */
package dev.benchhal.psu;
