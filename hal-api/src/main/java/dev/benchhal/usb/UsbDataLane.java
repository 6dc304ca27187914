package dev.benchhal.usb;

/** The data lines of a port that can be switched separately. */
public enum UsbDataLane {
    /** USB 2 hi-speed data. */
    USB2,
    /** USB 3 superspeed data. */
    USB3
}
