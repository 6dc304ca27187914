package dev.benchhal.usb.acroname;

import dev.benchhal.usb.UsbPortFlag;

import java.util.EnumSet;
import java.util.Set;

/** The BrainStem USB port-state word (USBHub3+ layout) as named flags: the driver decodes it, the simulator writes it. */
public final class PortStateBits {

    /** Port power (VBUS) on. */
    public static final int VBUS = 1;
    /** USB 2 data lines on. */
    public static final int USB2_DATA = 1 << 1;
    /** USB 3 data lines on. */
    public static final int USB3_DATA = 1 << 3;
    /** The port tripped (over-current) or reports another error. */
    public static final int ERROR = 1 << 19;
    /** USB 2 boost on. */
    public static final int USB2_BOOST = 1 << 20;
    /** A device is attached. */
    public static final int DEVICE_ATTACHED = 1 << 23;

    private PortStateBits() {
    }

    static Set<UsbPortFlag> decode(long state) {
        EnumSet<UsbPortFlag> flags = EnumSet.noneOf(UsbPortFlag.class);
        if ((state & VBUS) != 0) {
            flags.add(UsbPortFlag.VBUS_ON);
        }
        if ((state & USB2_DATA) != 0) {
            flags.add(UsbPortFlag.USB2_DATA_ON);
        }
        if ((state & USB3_DATA) != 0) {
            flags.add(UsbPortFlag.USB3_DATA_ON);
        }
        if ((state & ERROR) != 0) {
            flags.add(UsbPortFlag.ERROR);
        }
        if ((state & USB2_BOOST) != 0) {
            flags.add(UsbPortFlag.USB2_BOOST);
        }
        if ((state & DEVICE_ATTACHED) != 0) {
            flags.add(UsbPortFlag.DEVICE_ATTACHED);
        }
        return flags;
    }
}
