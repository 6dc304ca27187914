package dev.benchhal.lab.lease;

import dev.benchhal.error.HalException;

/** The lease store could not be read or written (a file, the database): nothing was leased or released. */
public class LeaseStoreException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the store's location (directory, JDBC URL without credentials)
     * @param detail what was being done and what failed
     * @param cause  the I/O or SQL failure
     */
    public LeaseStoreException(String source, String detail, Throwable cause) {
        super(source, detail, cause);
    }
}
