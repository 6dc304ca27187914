package dev.benchhal.spi;

import dev.benchhal.DeviceUri;

import java.util.Objects;

/**
 * A device a provider found: the URI that opens it and a line a person can read.
 *
 * @param uri         the URI that opens this device
 * @param description model, serial, port, for example {@code USBHub3+ serial BFABDDC4 on bus 1 port 4}
 */
public record DiscoveredDevice(DeviceUri uri, String description) {
    /**
     * Validates the fields.
     *
     * @param uri         the URI that opens this device
     * @param description model, serial, port, for example {@code USBHub3+ serial BFABDDC4 on bus 1 port 4}
     */
    public DiscoveredDevice {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(description, "description");
    }
}
