package dev.benchhal.pcie;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI function address, {@code DDDD:BB:DD.F}. Parsed at the edge so no unvalidated string
 * reaches a sysfs path or a remote command.
 *
 * @param domain   0..0xFFFF
 * @param bus      0..0xFF
 * @param device   0..0x1F
 * @param function 0..7
 */
public record PcieAddress(int domain, int bus, int device, int function) implements Comparable<PcieAddress> {

    private static final Pattern FORM = Pattern.compile("(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

    /** Validates the ranges. */
    public PcieAddress {
        if (domain < 0 || domain > 0xFFFF || bus < 0 || bus > 0xFF || device < 0 || device > 0x1F
                || function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI address out of range: domain " + domain + ", bus " + bus
                    + ", device " + device + ", function " + function);
        }
    }

    /**
     * Parses {@code 0000:01:00.0} or the short {@code 01:00.0} (domain 0).
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException quoting the text for anything else
     */
    public static PcieAddress parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a PCI address; expected DDDD:BB:DD.F such as 0000:01:00.0");
        }
        int domain = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
        return new PcieAddress(domain, Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16),
                Integer.parseInt(m.group(4)));
    }

    @Override
    public int compareTo(PcieAddress o) {
        return Long.compare(packed(), o.packed());
    }

    private long packed() {
        return (long) domain << 16 | bus << 8 | device << 3 | function;
    }

    /** @return the canonical form, e.g. {@code 0000:01:00.0} */
    @Override
    public String toString() {
        return String.format("%04x:%02x:%02x.%x", domain, bus, device, function);
    }
}
