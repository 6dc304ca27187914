package dev.benchhal.lin.ldf;

/** ISO 17987 {@code LIN_sig_byte_order_big_endian;} / {@code LIN_sig_byte_order_little_endian;}. */
public enum SignalByteOrder {
    /** most significant byte first */
    BIG_ENDIAN,
    /** least significant byte first (the LIN default) */
    LITTLE_ENDIAN
}
