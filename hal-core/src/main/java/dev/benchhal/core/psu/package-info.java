/**
 * Settle-then-validate helpers for power supplies: set a voltage, wait until it is reached within a tolerance, keep it for a validation time, with a trace.
 */
package dev.benchhal.core.psu;
