package dev.benchhal.lin.ldf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signal encoding type: converters between raw signal values and what they mean.
 * <p>Decoding tries the converters in file order and the first that accepts the raw value wins:
 * a logical value accepts its own raw value, a physical range accepts {@code min..max}, BCD accepts
 * byte arrays of digits 0..9, ASCII accepts byte arrays of 7-bit characters. Encoding takes a
 * {@link String} (a logical name, ASCII text, or a number with or without the unit) or a
 * {@link Number} (a physical value, a BCD number, or the raw value of a logical value without a name)
 * and returns the raw value of the first converter that accepts it. Byte arrays under a logical or
 * physical encoding are read as a big-endian integer (byte 0 most significant).
 *
 * @param name       encoding type name
 * @param converters converters in file order
 */
public record EncodingType(String name, List<ValueConverter> converters) {

    /**
     * Validates and freezes the parts.
     *
     * @param name       encoding type name
     * @param converters converters in file order
     */
    public EncodingType {
        Objects.requireNonNull(name, "name");
        converters = List.copyOf(converters);
    }

    /**
     * Converts a raw value.
     *
     * @param raw    raw value as the codec holds it (for byte arrays byte 0 in the low 8 bits)
     * @param signal the signal it belongs to
     * @return a {@link Double} (physical), a {@link String} (logical name or ASCII text), a {@link Long}
     *         (BCD number, or a logical value without a name); empty when no converter accepts it
     */
    public Optional<Object> decode(long raw, LdfSignal signal) {
        return Optional.ofNullable(decodeOrNull(raw, signal));
    }

    /**
     * @param raw    raw value as the codec holds it
     * @param signal the signal it belongs to
     * @return the converter that decodes it (the first in file order that accepts it)
     */
    public Optional<ValueConverter> converterFor(long raw, LdfSignal signal) {
        int bytes = signal.width() / 8;
        long number = signal.array() ? bigEndian(raw, bytes) : raw;
        for (ValueConverter converter : converters) {
            if (accepts(converter, raw, number, signal, bytes)) {
                return Optional.of(converter);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether every value {@link #decode} gives is taken back by {@link #encode} as the same raw value
     * without checking: true when names are unique and not numbers, at most one physical range with a
     * non-zero scale, and no unnamed logical values, BCD or ASCII beside a physical range. An encoding
     * that is not (a name for several raw values, overlapping ranges) needs its decoded values checked.
     *
     * @return {@code true} for an unambiguous encoding
     */
    public boolean decodedValuesEncodeBack() {
        java.util.Set<String> names = new java.util.HashSet<>();
        int physical = 0;
        boolean other = false;
        for (ValueConverter c : converters) {
            if (c instanceof ValueConverter.LogicalValue) {
                String text = ((ValueConverter.LogicalValue) c).text();
                if (text == null || !names.add(text) || physicalOf(text, null) != null) {
                    return false;
                }
            } else if (c instanceof ValueConverter.PhysicalRange) {
                physical++;
                if (((ValueConverter.PhysicalRange) c).scale() == 0) {
                    return false;
                }
            } else {
                other = true;
            }
        }
        return physical <= 1 && !(other && (physical > 0 || converters.size() > 1));
    }

    /**
     * @param raw    raw value as the codec holds it
     * @param signal the signal it belongs to
     * @return the physical value with its unit, exact and with the decimals of the range's scale
     *         ({@code 12.7 %}), when a physical range is the converter that decodes it
     */
    public Optional<String> physicalText(long raw, LdfSignal signal) {
        long number = signal.array() ? bigEndian(raw, signal.width() / 8) : raw;
        return converterFor(raw, signal).filter(c -> c instanceof ValueConverter.PhysicalRange)
                .map(c -> (ValueConverter.PhysicalRange) c)
                .map(r -> r.format(number) + (r.unit() == null || r.unit().isEmpty() ? "" : " " + r.unit()));
    }

    private static boolean accepts(ValueConverter converter, long raw, long number, LdfSignal signal, int bytes) {
        if (converter instanceof ValueConverter.PhysicalRange) {
            ValueConverter.PhysicalRange range = (ValueConverter.PhysicalRange) converter;
            return Long.compareUnsigned(number, range.min()) >= 0 && Long.compareUnsigned(number, range.max()) <= 0;
        }
        if (converter instanceof ValueConverter.LogicalValue) {
            return ((ValueConverter.LogicalValue) converter).value() == number;
        }
        if (converter instanceof ValueConverter.BcdValue) {
            return signal.array() && bcd(raw, bytes) != null;
        }
        return signal.array() && ascii(raw, bytes) != null;
    }

    Object decodeOrNull(long raw, LdfSignal signal) {
        int bytes = signal.width() / 8;
        long number = signal.array() ? bigEndian(raw, bytes) : raw;
        for (int i = 0, n = converters.size(); i < n; i++) {
            ValueConverter converter = converters.get(i);
            if (converter instanceof ValueConverter.PhysicalRange) {
                ValueConverter.PhysicalRange range = (ValueConverter.PhysicalRange) converter;
                if (Long.compareUnsigned(number, range.min()) >= 0 && Long.compareUnsigned(number, range.max()) <= 0) {
                    return range.toPhysical(number);
                }
            } else if (converter instanceof ValueConverter.LogicalValue) {
                ValueConverter.LogicalValue logical = (ValueConverter.LogicalValue) converter;
                if (logical.value() == number) {
                    return logical.text() == null ? (Object) number : logical.text();
                }
            } else if (converter instanceof ValueConverter.BcdValue) {
                if (signal.array()) {
                    Long value = bcd(raw, bytes);
                    if (value != null) {
                        return value;
                    }
                }
            } else if (signal.array()) {
                String text = ascii(raw, bytes);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    /**
     * Converts a value to the raw value of {@code signal}.
     *
     * @param value  a logical name, ASCII text, a number, or a number followed by the unit ({@code "12.5 V"})
     * @param signal the signal it is for
     * @return the raw value (for byte arrays byte 0 in the low 8 bits)
     * @throws LdfCodecException naming the signal, the value and what the encoding accepts
     */
    public long encode(Object value, LdfSignal signal) {
        Objects.requireNonNull(value, () -> signal.name() + ": value is null");
        int bytes = signal.width() / 8;
        List<String> tried = new ArrayList<>(converters.size());
        for (ValueConverter converter : converters) {
            if (converter instanceof ValueConverter.LogicalValue) {
                ValueConverter.LogicalValue logical = (ValueConverter.LogicalValue) converter;
                boolean match = logical.text() == null
                        ? value instanceof Number && isWhole((Number) value) && ((Number) value).longValue() == logical.value()
                        : logical.text().equals(value);
                long raw = signal.array() ? bigEndian(logical.value(), bytes) : logical.value();
                if (match && fits(raw, signal)) {
                    return raw;
                }
                tried.add((logical.text() == null ? Long.toString(logical.value()) : '"' + logical.text() + '"')
                        + unfit(raw, signal));
            } else if (converter instanceof ValueConverter.PhysicalRange) {
                ValueConverter.PhysicalRange range = (ValueConverter.PhysicalRange) converter;
                Double physical = physicalOf(value, range.unit());
                if (physical != null && !physical.isNaN()) {
                    double number = range.toRaw(physical);
                    if (number >= range.min() && number <= range.max()) {
                        long raw = signal.array() ? bigEndian((long) number, bytes) : (long) number;
                        if (fits(raw, signal)) {
                            return raw;
                        }
                        tried.add(describe(range) + " but raw " + (long) number + " does not fit in " + signal.width()
                                + " bits");
                        continue;
                    }
                }
                tried.add(describe(range));
            } else if (converter instanceof ValueConverter.BcdValue) {
                if (signal.array() && value instanceof Number && isWhole((Number) value)) {
                    long number = ((Number) value).longValue();
                    String digits = Long.toString(number);
                    if (number >= 0 && digits.length() <= bytes) {
                        long raw = 0;
                        for (int k = 0; k < digits.length(); k++) {
                            int byteIndex = bytes - digits.length() + k;
                            raw |= (long) (digits.charAt(k) - '0') << (8 * byteIndex);
                        }
                        return raw;
                    }
                }
                tried.add("BCD number of up to " + bytes + " digits");
            } else {
                if (signal.array() && value instanceof String) {
                    String text = (String) value;
                    byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
                    if (text.length() <= bytes && text.chars().allMatch(c -> c < 0x80)) {
                        long raw = 0;
                        for (int k = 0; k < chars.length; k++) {
                            raw |= (chars[k] & 0xFFL) << (8 * k);
                        }
                        return raw;
                    }
                }
                tried.add("ASCII text of up to " + bytes + " characters");
            }
        }
        throw new LdfCodecException(signal.name(), "cannot encode " + quote(value) + " as " + name + "; it accepts "
                + String.join(", ", tried));
    }

    private static boolean fits(long raw, LdfSignal signal) {
        return (raw & ~signal.mask()) == 0;
    }

    private static String unfit(long raw, LdfSignal signal) {
        return fits(raw, signal) ? "" : " (raw " + raw + " does not fit in " + signal.width() + " bits)";
    }

    private static Double physicalOf(Object value, String unit) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            String text = ((String) value).strip();
            if (unit != null && !unit.isEmpty() && text.endsWith(unit)) {
                text = text.substring(0, text.length() - unit.length()).strip();
            }
            try {
                return Double.valueOf(text);
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    private static boolean isWhole(Number number) {
        double d = number.doubleValue();
        return d == Math.rint(d) && !Double.isInfinite(d);
    }

    static String describe(ValueConverter.PhysicalRange range) {
        return "physical " + LdfText.number(range.toPhysical(range.min())) + ".."
                + LdfText.number(range.toPhysical(range.max())) + (range.unit() == null ? "" : " " + range.unit())
                + " (raw " + range.min() + ".." + range.max() + ")";
    }

    private static String quote(Object value) {
        return value instanceof String ? '"' + (String) value + '"' : String.valueOf(value);
    }

    /** Byte 0 in the low bits (bus order) to byte 0 most significant, for {@code bytes} bytes. */
    static long bigEndian(long raw, int bytes) {
        long out = 0;
        for (int k = 0; k < bytes; k++) {
            out = (out << 8) | ((raw >>> (8 * k)) & 0xFF);
        }
        return out;
    }

    private static Long bcd(long raw, int bytes) {
        long value = 0;
        for (int k = 0; k < bytes; k++) {
            int digit = (int) ((raw >>> (8 * k)) & 0xFF);
            if (digit > 9) {
                return null;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static String ascii(long raw, int bytes) {
        char[] chars = new char[bytes];
        for (int k = 0; k < bytes; k++) {
            int c = (int) ((raw >>> (8 * k)) & 0xFF);
            if (c >= 0x80) {
                return null;
            }
            chars[k] = (char) c;
        }
        return new String(chars);
    }
}
