package dev.benchhal;

import dev.benchhal.time.BenchClock;

import java.util.Optional;

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
     * What stands behind this device, for what its family does not offer: the simulator behind a
     * simulated device ({@code OwonSimulator} behind {@code owon:sim:}, {@code SimulatedBrainStem}
     * behind {@code acroname:sim}, {@code SimulatedPciTree} behind {@code pcie:sim}; a {@code lin-mock:}
     * bus is its own {@code LinMock}), or the driver's own class. The same for a device opened by URI
     * or from a bench: a test sees and changes the simulated hardware without building it by hand.
     * <pre>{@code
     * OwonSimulator sim = psu.unwrap(OwonSimulator.class).orElseThrow();
     * sim.setLoad(1, 4.7);
     * }</pre>
     *
     * @param type the class asked for
     * @param <T>  its type
     * @return the object of that type behind the device, or empty when there is none
     */
    default <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * Releases the device (port, connection, process) and puts hardware in its safe state where
     * the family defines one. Idempotent; safe to call from any thread.
     */
    @Override
    void close();
}
