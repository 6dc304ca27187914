package dev.benchhal.lab.lease;

import dev.benchhal.error.HalException;

/**
 * The holder's lease on a board ended (it expired without renewal, its holder was declared dead, an
 * operator released it, or a newer holder took the board): the holder must not act on the board any
 * more.
 */
public class LeaseLostException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the lease store (its location)
     * @param detail which lease, which board and what the store holds now
     */
    public LeaseLostException(String source, String detail) {
        super(source, detail);
    }

    /**
     * @param source the lease store (its location)
     * @param detail which lease, which board and what the store holds now
     * @param cause  the failure that made the lease unverifiable
     */
    public LeaseLostException(String source, String detail, Throwable cause) {
        super(source, detail, cause);
    }
}
