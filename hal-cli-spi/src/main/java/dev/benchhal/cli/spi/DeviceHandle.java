package dev.benchhal.cli.spi;

import dev.benchhal.Device;

/**
 * A device a subcommand opened through {@link CliContext#open(String, Class)}, with whatever it
 * came from (a bench) closed with it.
 *
 * @param <T> the device family
 */
public interface DeviceHandle<T extends Device> extends AutoCloseable {

    /** @return the open device */
    T device();

    /** Closes the device, or the bench it came from (every device of it, in reverse order). */
    @Override
    void close();
}
