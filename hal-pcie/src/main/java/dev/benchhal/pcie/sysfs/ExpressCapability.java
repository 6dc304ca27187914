package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieLink;

import java.util.Optional;

/**
 * Reads a link from the PCI Express capability in configuration space, for devices whose sysfs
 * has no {@code current_link_*} files (older kernels, some virtual devices). Offsets are from the
 * PCI Express Base Specification: the capability list starts at 0x34 (0x14 for CardBus bridges),
 * capability id 0x10 is PCI Express, Link Capabilities at +0x0C, Link Status at +0x12. Without
 * root only the first 64 bytes are readable and the capability (at 0x40 or above) is not found.
 */
public final class ExpressCapability {

    /** Capability id of PCI Express. */
    static final int ID_EXPRESS = 0x10;
    private static final int STATUS = 0x06;
    private static final int STATUS_CAP_LIST = 0x10;
    private static final int HEADER_TYPE = 0x0E;
    /** Device/port types without a link: Root Complex Integrated Endpoint, Root Complex Event Collector. */
    private static final int TYPE_RC_INTEGRATED = 0x9;
    private static final int TYPE_RC_EVENT_COLLECTOR = 0xA;

    private ExpressCapability() {
    }

    /**
     * @param config configuration space as read (any length)
     * @return the link, when the bytes hold a PCI Express capability of a device with a link
     */
    public static Optional<PcieLink> link(byte[] config) {
        int cap = find(config, ID_EXPRESS);
        if (cap < 0 || cap + 0x14 > config.length) {
            return Optional.empty();
        }
        int portType = (u8(config, cap + 2) >> 4) & 0xF;
        if (portType == TYPE_RC_INTEGRATED || portType == TYPE_RC_EVENT_COLLECTOR) {
            return Optional.empty();
        }
        int linkCap = u32(config, cap + 0x0C);
        int linkStatus = u16(config, cap + 0x12);
        return Optional.of(new PcieLink(gts(linkStatus & 0xF), (linkStatus >> 4) & 0x3F,
                gts(linkCap & 0xF), (linkCap >> 4) & 0x3F));
    }

    /** Device/port types of the PCI Express Capabilities register that face down the hierarchy. */
    static final int TYPE_ROOT_PORT = 0x4;
    /** A switch's upstream port. */
    static final int TYPE_UPSTREAM_PORT = 0x5;
    /** A switch's downstream port. */
    static final int TYPE_DOWNSTREAM_PORT = 0x6;

    /**
     * @param config configuration space as read
     * @return the device/port type of its PCI Express capability (0 endpoint, 4 root port, 5 upstream,
     *         6 downstream, ...), -1 without one
     */
    static int portType(byte[] config) {
        int cap = find(config, ID_EXPRESS);
        return cap < 0 || cap + 3 > config.length ? -1 : (u8(config, cap + 2) >> 4) & 0xF;
    }

    /**
     * @param config configuration space
     * @param id     a capability id
     * @return the offset of the first capability with that id, or -1
     */
    static int find(byte[] config, int id) {
        if (config.length < 0x40 || (u16(config, STATUS) & STATUS_CAP_LIST) == 0) {
            return -1;
        }
        int headerType = u8(config, HEADER_TYPE) & 0x7F;
        int pointer = u8(config, headerType == 2 ? 0x14 : 0x34) & 0xFC;
        // a malformed list may loop: there are at most 48 capabilities in 256 bytes
        for (int hops = 0; pointer >= 0x40 && pointer + 1 < config.length && hops < 48; hops++) {
            if (u8(config, pointer) == id) {
                return pointer;
            }
            pointer = u8(config, pointer + 1) & 0xFC;
        }
        return -1;
    }

    /**
     * @param code a link speed code of Link Capabilities or Link Status
     * @return its rate in GT/s, 0 for a code the specification does not define
     */
    public static double gts(int code) {
        return switch (code) {
            case 1 -> 2.5;
            case 2 -> 5.0;
            case 3 -> 8.0;
            case 4 -> 16.0;
            case 5 -> 32.0;
            case 6 -> 64.0;
            default -> 0.0;
        };
    }

    /** @return the secondary and subordinate bus numbers of a PCI-to-PCI or CardBus bridge, or empty */
    static Optional<int[]> bridgeBuses(byte[] config) {
        if (config.length < 0x1B) {
            return Optional.empty();
        }
        int headerType = u8(config, HEADER_TYPE) & 0x7F;
        if (headerType == 1) {
            return Optional.of(new int[] {u8(config, 0x19), u8(config, 0x1A)});
        }
        if (headerType == 2) {
            return Optional.of(new int[] {u8(config, 0x19), u8(config, 0x1A)});
        }
        return Optional.empty();
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    static int u16(byte[] b, int at) {
        return u8(b, at) | u8(b, at + 1) << 8;
    }

    static int u32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }
}
