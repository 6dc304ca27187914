package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.pcie.sysfs.BusRange;

/**
 * The first 256 bytes of configuration space of a simulated function, laid out as the PCI and
 * PCI Express specifications say, so the driver's capability decoder and {@code lspci -F} read
 * the same bytes a real device would give.
 */
final class ConfigSpace {

    static final int SIZE = 256;
    static final int EXPRESS_CAP = 0x40;

    private ConfigSpace() {
    }

    /**
     * @param f       the function
     * @param primary the bus it sits on
     * @param buses   its bus range when it is a bridge
     * @param linkUp  whether its link is trained now (Link Status reads 0 while it is not)
     * @return configuration space
     */
    static byte[] of(SimFunction f, int primary, BusRange buses, boolean linkUp) {
        byte[] c = new byte[SIZE];
        put16(c, 0x00, f.vendorId());
        put16(c, 0x02, f.deviceId());
        put16(c, 0x04, 0x0406);                     // memory space, bus master, INTx disabled
        put16(c, 0x06, f.portType() >= 0 ? 0x0010 : 0);
        c[0x08] = 0x01;                             // revision
        c[0x09] = (byte) f.classCode();
        c[0x0A] = (byte) (f.classCode() >> 8);
        c[0x0B] = (byte) (f.classCode() >> 16);
        if (f.isBridge()) {
            c[0x0E] = 0x01;
            c[0x18] = (byte) primary;
            c[0x19] = (byte) buses.secondary();
            c[0x1A] = (byte) buses.subordinate();
        } else {
            put16(c, 0x2C, f.vendorId());
            put16(c, 0x2E, f.deviceId());
        }
        if (f.portType() >= 0) {
            c[0x34] = EXPRESS_CAP;
            c[EXPRESS_CAP] = 0x10;                 // PCI Express, last capability
            put16(c, EXPRESS_CAP + 2, 0x0002 | f.portType() << 4);
            if (f.hasLink()) {
                put32(c, EXPRESS_CAP + 0x0C, f.maxGtsCode() | f.maxWidth() << 4 | (f.address().device() & 0xFF) << 24);
                put16(c, EXPRESS_CAP + 0x12, linkUp ? f.gtsCode() | f.width() << 4 : 0);
            }
        }
        return c;
    }

    private static void put16(byte[] c, int at, int v) {
        c[at] = (byte) v;
        c[at + 1] = (byte) (v >> 8);
    }

    private static void put32(byte[] c, int at, int v) {
        put16(c, at, v);
        put16(c, at + 2, v >>> 16);
    }
}
