/**
 * Virtual time ({@link dev.benchhal.core.time.VirtualClock}: an hour of bench time in milliseconds, deterministically) and waiting for a condition on any bench clock ({@link dev.benchhal.core.time.Await}).
 */
package dev.benchhal.core.time;
