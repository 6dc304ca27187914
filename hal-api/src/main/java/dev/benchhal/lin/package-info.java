/**
 * The LIN family: {@link dev.benchhal.lin.LinInterface}, the validated
 * {@link dev.benchhal.lin.LinFrame}, protected identifiers, checksums and frame times
 * ({@link dev.benchhal.lin.LinProtocol}, {@link dev.benchhal.lin.LinChecksumType}).
 */
package dev.benchhal.lin;
