package dev.benchhal.lin;

/**
 * What a LIN interface can do beyond publishing frames and requesting responses as master.
 * Tests that need more than that state it with {@link LinInterface#require(LinCapability)}
 * and are skipped or fail clearly on adapters without it.
 */
public enum LinCapability {
    /** Observe frames on the bus without sending the header ({@link LinInterface#listen}); a MUM cannot. */
    PASSIVE_RECEIVE,
    /** Send a wake-up pulse ({@link LinInterface#wakeUp()}). */
    WAKE_UP,
    /** Switch the slaves' supply ({@link LinInterface#slavePower()}), like the MUM's {@code power_out0}. */
    SLAVE_POWER,
    /** Change the baud rate after opening ({@link LinInterface#setBaudRate(int)}). */
    BAUD_RATE_CHANGE,
    /** Run LDF schedule tables in the adapter or simulator. */
    SCHEDULE_TABLES,
    /** Inject faults (no response, bad checksum, collisions): simulators only. */
    FAULT_INJECTION
}
