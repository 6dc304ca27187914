/**
 * Contract tests per device family. A driver's test class extends the family's contract and
 * implements {@code open()}; every driver and simulator passes the same tests.
 */
package dev.benchhal.tck;
