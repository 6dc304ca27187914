package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.sysfs.BusRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Generates the functions of a simulated concentrator: a host bridge and a few integrated
 * functions on bus 0, one root port with a hot-plug slot per radio head (a Wi-Fi 6E function,
 * class 0x0280, behind it), and PCIe switches with quad-port NICs behind further root ports until
 * the requested number of functions is reached. Buses are numbered depth first as firmware does.
 */
public final class SimLayout {

    /** Vendor, device and driver of the radio heads: Intel AX210 (x1, 5 GT/s). */
    static final int RADIO_VENDOR = 0x8086;
    static final int RADIO_DEVICE = 0x2725;
    private static final int MAX_FUNCTIONS = 4096;

    private final List<SimFunction> functions = new ArrayList<>();
    private final Map<PcieAddress, int[]> ranges = new HashMap<>();
    private int nextBus = 1;
    private int iommu;

    private SimLayout() {
    }

    /**
     * @param radios    radio heads, each in a slot named {@code 1}, {@code 2}, ...
     * @param functions at least this many functions in all (switches and NICs fill up)
     * @return the functions in address order
     * @throws IllegalArgumentException when the numbers are out of range
     */
    public static List<SimFunction> concentrator(int radios, int functions) {
        return concentrator(radios, 0, functions);
    }

    /**
     * @param radios     radio heads, each in a slot named {@code 1}, {@code 2}, ...
     * @param emptySlots hot-plug slots without a card after the radios' ({@link #emptySlots(int, int)}), their ports' links down
     * @param functions  at least this many functions in all (switches and NICs fill up)
     * @return the functions in address order
     * @throws IllegalArgumentException when the numbers are out of range
     */
    public static List<SimFunction> concentrator(int radios, int emptySlots, int functions) {
        if (radios < 0 || emptySlots < 0 || radios + emptySlots > 64) {
            throw new IllegalArgumentException("radios and empty slots must be 0..64 together: " + radios + " and " + emptySlots);
        }
        if (functions < 0 || functions > MAX_FUNCTIONS) {
            throw new IllegalArgumentException("functions must be 0.." + MAX_FUNCTIONS + ": " + functions);
        }
        SimLayout l = new SimLayout();
        l.add(new PcieAddress(0, 0, 0, 0), null, 0x8086, 0x0d57, 0x060000, null, -1, 0, 0, 0, 0, null);
        l.add(new PcieAddress(0, 0, 0x1f, 0), null, 0x8086, 0x7a06, 0x060100, null, 9, 0, 0, 0, 0, null);
        l.add(new PcieAddress(0, 0, 0x1f, 4), null, 0x8086, 0x7a23, 0x0c0500, "i801_smbus", 9, 0, 0, 0, 0, null);
        for (int i = 0; i < radios; i++) {
            PcieAddress port = radioPort(i);
            int bus = l.nextBus++;
            SimFunction rp = l.add(port, null, 0x8086, 0x7a38 + i % 8, 0x060400, "pcieport", 4, 3, 1, 3, 1, null);
            l.ranges.put(port, new int[] {bus, bus});
            // the slot is where the radio sits: its address is the port's secondary bus, device 0 (as pciehp reports it)
            l.add(new PcieAddress(0, bus, 0, 0), rp.address(), RADIO_VENDOR, RADIO_DEVICE, 0x028000, "iwlwifi", 0, 2, 1, 2, 1,
                    String.valueOf(i + 1));
        }
        for (int j = 0; j < emptySlots; j++) {
            int i = radios + j;
            PcieAddress port = radioPort(i);
            int bus = l.nextBus++;
            // a hot-plug root port whose slot holds no card: its link never trained
            l.add(port, null, 0x8086, 0x7a38 + i % 8, 0x060400, "pcieport", 4, 3, 1, 0, 0, null);
            l.ranges.put(port, new int[] {bus, bus});
        }
        int rootDevice = 0x01;
        int rootFunction = 0;
        // the switches fill the root bus from device 01 up to the first device the radios' ports took
        int firstRadioDevice = radios + emptySlots == 0 ? 0x1c : radioPort(radios + emptySlots - 1).device();
        while (l.functions.size() < functions) {
            if (rootDevice >= Math.min(0x1c, firstRadioDevice)) {
                throw new IllegalArgumentException("cannot lay out " + functions + " functions on one root bus");
            }
            l.pcieSwitch(new PcieAddress(0, 0, rootDevice, rootFunction), functions);
            if (++rootFunction == 8) {
                rootFunction = 0;
                rootDevice++;
            }
        }
        List<SimFunction> out = new ArrayList<>();
        for (SimFunction f : l.functions) {
            int[] r = l.ranges.get(f.address());
            out.add(r == null ? f : new SimFunction(f.address(), f.parent(), f.vendorId(), f.deviceId(), f.classCode(), f.driver(),
                    f.portType(), f.maxGtsCode(), f.maxWidth(), f.gtsCode(), f.width(), f.slot(), f.iommuGroup(), f.numaNode(),
                    Optional.of(new BusRange(r[0], r[1]))));
        }
        out.sort((a, b) -> a.address().compareTo(b.address()));
        return List.copyOf(out);
    }

    /**
     * The root port of the i-th radio slot: devices 1c to 1e (as on Intel client chipsets) for the first 24, then
     * downwards from 1b, clear of the LPC bridge and SMBus controller at 1f.
     */
    private static PcieAddress radioPort(int i) {
        return i < 24 ? new PcieAddress(0, 0, 0x1c + i / 8, i % 8) : new PcieAddress(0, 0, 0x1b - (i - 24) / 8, i % 8);
    }

    /** Root port, switch upstream port, eight downstream ports, a quad-port NIC behind each: up to 42 functions. */
    private void pcieSwitch(PcieAddress rootPort, int limit) {
        if (nextBus + 10 > 0xFF) {
            throw new IllegalArgumentException("the tree needs more than 256 buses");
        }
        SimFunction rp = add(rootPort, null, 0x8086, 0x7a30, 0x060400, "pcieport", 4, 4, 16, 4, 16, null);
        int upstreamBus = nextBus++;
        int[] rpRange = {upstreamBus, upstreamBus};
        ranges.put(rootPort, rpRange);
        SimFunction up = add(new PcieAddress(0, upstreamBus, 0, 0), rp.address(), 0x10b5, 0x8747, 0x060400, "pcieport", 5, 3, 16, 3, 16, null);
        int internalBus = nextBus++;
        int[] upRange = {internalBus, internalBus};
        rpRange[1] = internalBus;
        ranges.put(up.address(), upRange);
        for (int port = 0; port < 8 && functions.size() < limit; port++) {
            SimFunction down = add(new PcieAddress(0, internalBus, 0x08 + port, 0), up.address(), 0x10b5, 0x8747, 0x060400,
                    "pcieport", 6, 3, 4, 3, 4, null);
            int nicBus = nextBus++;
            ranges.put(down.address(), new int[] {nicBus, nicBus});
            rpRange[1] = nicBus;
            upRange[1] = nicBus;
            for (int fn = 0; fn < 4 && functions.size() < limit; fn++) {
                // one NIC of eight trains at x2: the degraded link the dump's tables call out
                int width = port == 7 ? 2 : 4;
                add(new PcieAddress(0, nicBus, 0, fn), down.address(), 0x8086, 0x1521, 0x020000, "igb", 0, 2, 4, 2, width, null);
            }
        }
    }

    /**
     * @param radios     radio heads of the layout
     * @param emptySlots empty slots of the layout
     * @return the empty slots' names ({@code radios+1}, ...) and addresses ({@code 0000:BB:00}), in order
     */
    public static java.util.Map<String, String> emptySlots(int radios, int emptySlots) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int j = 0; j < emptySlots; j++) {
            out.put(String.valueOf(radios + j + 1), String.format("0000:%02x:00", radios + j + 1));
        }
        return out;
    }

    private SimFunction add(PcieAddress a, PcieAddress parent, int vendor, int device, int classCode, String driver, int portType,
                            int maxSpeed, int maxWidth, int speed, int width, String slot) {
        SimFunction f = new SimFunction(a, Optional.ofNullable(parent), vendor, device, classCode, Optional.ofNullable(driver),
                portType, maxSpeed, maxWidth, speed, width, Optional.ofNullable(slot), iommu++, a.bus() >= 0x80 ? 1 : 0,
                Optional.empty());
        functions.add(f);
        return f;
    }
}
