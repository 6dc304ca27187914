package dev.benchhal.util;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way people write them in bench files and read them in logs. */
public final class Durations {

    private static final Pattern HUMAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|min|h)");

    private Durations() {
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 100us} or an
     * ISO-8601 duration such as {@code PT5S}. A bare number is not accepted: the unit is part of
     * the value.
     *
     * @param text the duration text
     * @return the duration
     * @throws IllegalArgumentException naming the text when it is not a non-negative duration
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = HUMAN.matcher(t);
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m", "min" -> 60e9;
                default -> 3600e9;
            };
            return Duration.ofNanos(Math.round(value * nanosPerUnit));
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // fall through to the error that names the accepted forms
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a duration; expected e.g. 250ms, 5s, 1.5s, 2m, 1h or PT5S");
    }

    /**
     * Prints a duration for a log or an error message: {@code 52 ms}, {@code 5 s}, {@code 1.5 s},
     * {@code 2 min 30 s}.
     *
     * @param d the duration
     * @return the short human form
     */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1e3) + " µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1e6) + " ms";
        }
        if (nanos < 60_000_000_000L) {
            return trim(nanos / 1e9) + " s";
        }
        long seconds = d.toSeconds();
        if (seconds < 3600) {
            long rest = seconds % 60;
            return rest == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + rest + " s";
        }
        long minutes = seconds % 3600 / 60;
        return minutes == 0 ? seconds / 3600 + " h" : seconds / 3600 + " h " + minutes + " min";
    }

    private static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.3f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
