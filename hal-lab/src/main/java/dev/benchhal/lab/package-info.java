/**
 * The lab: a pool of {@link dev.benchhal.lab.Board boards} and the lazy scheduler that hands tests to the
 * boards free now, holding them through {@link dev.benchhal.lab.lease leases}.
 */
package dev.benchhal.lab;
