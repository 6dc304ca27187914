package dev.benchhal.tck;

import dev.benchhal.Device;
import dev.benchhal.error.DisconnectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every device of every family must do. A driver's test extends the family contract
 * ({@link HostShellContract}, ...), which extends this, and implements {@link #open()}.
 * A fresh device is opened before each test and closed after it.
 *
 * @param <T> the family
 */
public abstract class DeviceContract<T extends Device> {

    /** For subclasses: one per family. */
    protected DeviceContract() {
    }

    /** The device under test, opened by {@link #open()} before each test. */
    protected T device;

    /** @return a freshly opened device of the implementation under test */
    protected abstract T open();

    /**
     * One cheap operation of the family, used to check behaviour after close.
     *
     * @param d the device
     */
    protected abstract void touch(T d);

    @BeforeEach
    final void openDevice() {
        device = open();
    }

    @AfterEach
    final void closeDevice() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void hasTheUriItWasOpenedFrom() {
        assertThat(device.uri()).isNotNull();
        assertThat(device.uri().scheme()).isNotBlank();
    }

    @Test
    void closeIsIdempotent() {
        touch(device);
        assertThatCode(device::close).as("the first close").doesNotThrowAnyException();
        assertThatCode(device::close).as("a second close").doesNotThrowAnyException();
        assertThatThrownBy(() -> touch(device)).as("still closed after the second close").isInstanceOf(DisconnectedException.class);
    }

    @Test
    void refusesUseAfterClose() {
        touch(device);
        device.close();
        assertThatThrownBy(() -> touch(device)).isInstanceOf(DisconnectedException.class);
    }
}
