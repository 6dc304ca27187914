package dev.benchhal.usb.acroname;

import java.util.List;
import java.util.Objects;

/**
 * One USB device as the bus reports it, for discovery.
 *
 * @param bus       bus number
 * @param ports     port path from the root hub ({@code [1, 4, 2]} is bus-1.4.2)
 * @param vendorId  idVendor
 * @param productId idProduct
 * @param serial    iSerialNumber's string, {@code null} when unreadable (no access)
 */
public record UsbDeviceRecord(int bus, List<Integer> ports, int vendorId, int productId, String serial) {

    /**
     * Freezes the parts.
     *
     * @param bus       bus number
     * @param ports     port path from the root hub ({@code [1, 4, 2]} is bus-1.4.2)
     * @param vendorId  idVendor
     * @param productId idProduct
     * @param serial    iSerialNumber's string, {@code null} when unreadable (no access)
     */
    public UsbDeviceRecord {
        ports = List.copyOf(ports);
        Objects.requireNonNull(ports, "ports");
    }

    /** @return the sysfs name of the device, {@code 1-4.2} */
    public String path() {
        StringBuilder out = new StringBuilder().append(bus).append('-');
        for (int i = 0; i < ports.size(); i++) {
            out.append(i == 0 ? "" : ".").append(ports.get(i));
        }
        return out.toString();
    }
}
