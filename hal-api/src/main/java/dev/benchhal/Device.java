package dev.benchhal;

import dev.benchhal.time.BenchClock;

/**
 * What every device family has in common: it was opened from a URI and it must be closed.
 *
 * <p>{@link #close()} is idempotent, never throws a checked exception, and leaves hardware in
 * its safe state where the family defines one. Using a device after {@code close()} raises
 * {@link dev.benchhal.error.DisconnectedException}.
 */
public interface Device extends AutoCloseable {

    /** @return the URI this device was opened from, with secrets redacted */
    DeviceUri uri();

    /**
     * The clock this device waits on: its bench's (virtual time on a bench of simulators), which
     * helpers such as settle loops use unless given another. Drivers return the clock of the
     * {@link dev.benchhal.spi.DriverContext} they were opened with.
     *
     * @return the device's clock; the default is the system clock
     */
    default BenchClock clock() {
        return BenchClock.system();
    }

    /**
     * Releases the device (port, connection, process) and puts hardware in its safe state where
     * the family defines one. Idempotent; safe to call from any thread.
     */
    @Override
    void close();
}
