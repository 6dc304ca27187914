package dev.benchhal.lin.mock;

/**
 * A fault the simulator can put on a slave response. Each surfaces the way a hardware driver
 * reports it, so tests of error handling run unchanged against the bench.
 */
public enum LinFault {
    /** the slave does not answer: {@link dev.benchhal.lin.LinNoResponseException} */
    NO_RESPONSE,
    /** the checksum byte is wrong: {@link dev.benchhal.lin.LinChecksumException} */
    WRONG_CHECKSUM,
    /** the slave stops after half its bytes: {@link dev.benchhal.lin.LinNoResponseException} naming the count */
    TRUNCATED,
    /** one data bit flips on the wire, which the checksum catches: {@link dev.benchhal.lin.LinChecksumException} */
    BIT_FLIP,
    /** two slaves answer at once: {@link dev.benchhal.lin.LinBusException} */
    COLLISION,
    /** the response comes late (by {@link FaultInjector#lateBy(java.time.Duration)}); past the timeout it is lost */
    LATE_RESPONSE
}
