package dev.benchhal.usb;

/** Named port state bits (BrainStem USBHub3+ port state, generalized). */
public enum UsbPortFlag {
    /** VBUS is on. */
    VBUS_ON,
    /** USB 2 data lines are connected. */
    USB2_DATA_ON,
    /** USB 3 data lines are connected. */
    USB3_DATA_ON,
    /** A device is attached. */
    DEVICE_ATTACHED,
    /** The port reports an error (over-current, back-drive, over-temperature). */
    ERROR,
    /** USB 2 boost mode is on. */
    USB2_BOOST
}
