package dev.benchhal.lin.ldf;

/**
 * What the codec puts in frame bits that no signal covers.
 */
public enum UnusedBits {
    /** unused bits are 0 (the default; what ldfparser and most test tools send) */
    ZEROS,
    /** unused bits are 1 (recessive, the idle level of the bus; diagnostic frames pad unused bytes with 0xFF) */
    ONES
}
