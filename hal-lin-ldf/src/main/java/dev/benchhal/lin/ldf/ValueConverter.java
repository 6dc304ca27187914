package dev.benchhal.lin.ldf;

import java.util.Objects;

/**
 * One line of a signal encoding type. An {@link EncodingType} tries its converters in file
 * order; the first that accepts a value wins.
 */
public sealed interface ValueConverter
        permits ValueConverter.LogicalValue, ValueConverter.PhysicalRange, ValueConverter.BcdValue,
        ValueConverter.AsciiValue {

    /**
     * {@code logical_value, 3, "void";}: one raw value with a name.
     *
     * @param value raw value
     * @param text  its name, {@code null} when the file gives none
     */
    record LogicalValue(long value, String text) implements ValueConverter {
    }

    /**
     * {@code physical_value, 1, 254, 0.5, -40, "degC";}: raw values {@code min..max} stand for
     * {@code raw * scale + offset}.
     *
     * @param min    lowest raw value of the range
     * @param max    highest raw value of the range
     * @param scale  physical units per raw step
     * @param offset physical value of raw 0
     * @param unit   unit text, {@code null} when the file gives none
     */
    record PhysicalRange(long min, long max, double scale, double offset, String unit) implements ValueConverter {

        /**
         * @param raw a raw value within {@code min..max}
         * @return the physical value of {@code raw}: {@code raw * scale + offset}
         */
        public double toPhysical(long raw) {
            return raw * scale + offset;
        }

        /**
         * The physical value of {@code raw} as text, exact and with as many decimals as the scale and
         * offset have: raw 127 at scale 0.1 is {@code 12.7}, never {@code 12.700000000000001}.
         *
         * @param raw a raw value
         * @return the physical value without unit
         */
        public String format(long raw) {
            java.math.BigDecimal s = java.math.BigDecimal.valueOf(scale).stripTrailingZeros();
            java.math.BigDecimal o = java.math.BigDecimal.valueOf(offset).stripTrailingZeros();
            int decimals = Math.max(0, Math.max(s.scale(), o.scale()));
            return s.multiply(java.math.BigDecimal.valueOf(raw)).add(o)
                    .setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
        }

        /**
         * The raw value nearest to {@code physical}: {@code (physical - offset) / scale} rounded to the
         * nearest integer, halves to the even neighbour (IEEE 754 roundTiesToEven; the LIN specification
         * defines only raw to physical, and a tie is equally far from both neighbours, so the unbiased
         * rule is used). A scale of 0 maps every value to {@code min}.
         *
         * @param physical a physical value
         * @return the raw value, not yet checked against {@code min..max}
         */
        public double toRaw(double physical) {
            return scale == 0 ? min : Math.rint((physical - offset) / scale);
        }
    }

    /** {@code bcd_value;}: a byte array holding one decimal digit per byte, most significant byte first. */
    record BcdValue() implements ValueConverter {
    }

    /** {@code ascii_value;}: a byte array holding ASCII text, byte 0 first. */
    record AsciiValue() implements ValueConverter {
    }

    /**
     * @param value raw value
     * @param text  name
     * @return a logical value
     */
    static LogicalValue logical(long value, String text) {
        return new LogicalValue(value, Objects.requireNonNull(text, "text"));
    }
}
