package dev.benchhal.lin.ldf;

import java.math.BigDecimal;
import java.time.Duration;

/** Number and time formatting shared by the writer, messages and the CLI. */
final class LdfText {

    private LdfText() {
    }

    /** @return {@code 5} for 5.0, {@code 0.0625} for 0.0625, {@code 1.222E9} where plain would be long */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** @return milliseconds without trailing zeros: {@code 0.1} for 100 µs */
    static String millis(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 6).stripTrailingZeros().toPlainString();
    }

    /** @return {@code 0x1A} style */
    static String hex(long value) {
        return "0x" + Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
    }
}
