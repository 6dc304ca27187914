package dev.benchhal.pcie;

/**
 * Advanced Error Reporting totals from sysfs ({@code aer_dev_correctable}, ...).
 *
 * @param correctable total correctable errors
 * @param nonFatal    total uncorrectable non-fatal errors
 * @param fatal       total uncorrectable fatal errors
 */
public record AerCounters(long correctable, long nonFatal, long fatal) {
}
