package dev.benchhal;

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
     * Releases the device (port, connection, process) and puts hardware in its safe state where
     * the family defines one. Idempotent; safe to call from any thread.
     */
    @Override
    void close();
}
