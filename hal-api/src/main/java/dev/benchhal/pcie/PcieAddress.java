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

    /**
     * Validates the ranges.
     *
     * @param domain   0..0xFFFF
     * @param bus      0..0xFF
     * @param device   0..0x1F
     * @param function 0..7
     */
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

    /** Equal when every part is: the same as the record's own, without its reflective bootstrap (addresses are map keys on hot paths). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PcieAddress a && a.packed() == packed();
    }

    /** Spread over every bit (radios differ in the bus alone, which a hash table's low bits would not see). */
    @Override
    public int hashCode() {
        return (int) ((packed() * 0x9E3779B97F4A7C15L) >>> 32);
    }

    /** @return the canonical form, e.g. {@code 0000:01:00.0} */
    @Override
    public String toString() {
        char[] out = new char[12];
        hex(out, 0, domain, 4);
        out[4] = ':';
        hex(out, 5, bus, 2);
        out[7] = ':';
        hex(out, 8, device, 2);
        out[10] = '.';
        out[11] = Character.forDigit(function, 16);
        return new String(out);
    }

    private static void hex(char[] out, int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = Character.forDigit(value & 0xF, 16);
            value >>>= 4;
        }
    }
}
