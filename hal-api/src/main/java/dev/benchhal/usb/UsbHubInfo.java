package dev.benchhal.usb;

import java.util.Objects;

/**
 * A hub's identity.
 *
 * @param model     e.g. {@code USBHub3+}
 * @param serial    e.g. {@code BFABDDC4}
 * @param firmware  firmware version, possibly empty
 * @param portCount number of controllable ports
 */
public record UsbHubInfo(String model, String serial, String firmware, int portCount) {
    /**
     * Validates the fields.
     *
     * @param model     e.g. {@code USBHub3+}
     * @param serial    e.g. {@code BFABDDC4}
     * @param firmware  firmware version, possibly empty
     * @param portCount number of controllable ports
     */
    public UsbHubInfo {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(firmware, "firmware");
        if (portCount < 1) {
            throw new IllegalArgumentException("a hub has at least one port, not " + portCount);
        }
    }
}
