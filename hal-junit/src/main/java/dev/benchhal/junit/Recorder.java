package dev.benchhal.junit;

import dev.benchhal.util.Printable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a test records beside pass and fail, as the seed's {@code rp(key, value)} and OpenHTF's
 * measurements do: properties, and measurements with their unit and limits. Each goes to JUnit as a
 * report entry (the console, the Open Test Reporting XML, IDEs) and to the run's records. A
 * {@link BenchTest} test gets one as a parameter.
 * <pre>{@code
 * @Test
 * void railIsNominal(Recorder rec, @Role("psu") PowerSupply psu) {
 *     rec.property("firmware", ecu.firmware());
 *     rec.measure("rail", psu.measureVoltage(), "V").within(13.2, 13.8);   // "13.48 V within 13.2..13.8 V"
 * }
 * }</pre>
 * One per test; used on the test's thread.
 */
public final class Recorder {

    /**
     * A recorded value with its unit and, once checked, its limits and verdict.
     */
    public final class Measurement {
        private final String name;
        private final double value;
        private final String unit;

        private Measurement(String name, double value, String unit) {
            this.name = name;
            this.value = value;
            this.unit = unit;
        }

        /**
         * Checks the value against inclusive limits and records the verdict with them.
         *
         * @param low  the lowest value that passes, in the measurement's unit
         * @param high the highest value that passes
         * @return the value
         * @throws AssertionFailedError when the value is outside (the test fails with the record's text)
         * @throws IllegalArgumentException when {@code low > high} or a limit is not a number
         */
        public double within(double low, double high) {
            if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
                throw new IllegalArgumentException(name + ": limits " + low + ".." + high + " are not a range");
            }
            boolean pass = value >= low && value <= high;
            String text = format(value) + " " + unit + " within " + format(low) + ".." + format(high) + " " + unit
                    + (pass ? "" : ": FAIL");
            record(new Entry(name, text, value, unit, low, high, pass));
            if (!pass) {
                throw new AssertionFailedError(name + ": " + format(value) + " " + unit + " is outside " + format(low)
                        + ".." + format(high) + " " + unit, format(low) + ".." + format(high), format(value));
            }
            return value;
        }

        /**
         * Checks the value against a nominal and a tolerance ({@code 13.5 +- 0.3}).
         *
         * @param nominal   the expected value
         * @param tolerance how far from it passes, not negative
         * @return the value
         * @throws AssertionFailedError when the value is further away
         */
        public double near(double nominal, double tolerance) {
            if (!(tolerance >= 0)) {
                throw new IllegalArgumentException(name + ": tolerance must not be negative, not " + tolerance);
            }
            return within(nominal - tolerance, nominal + tolerance);
        }

        /** @return the value, recorded without limits */
        public double recorded() {
            record(new Entry(name, format(value) + " " + unit, value, unit, Double.NaN, Double.NaN, true));
            return value;
        }
    }

    /**
     * One entry of a test's record.
     *
     * @param name  the property or measurement
     * @param text  as reported: {@code "13.48 V within 13.2..13.8 V"}
     * @param value the number, or NaN for a property
     * @param unit  the unit, empty for a property
     * @param low   the lower limit, NaN without limits
     * @param high  the upper limit, NaN without limits
     * @param pass  false for a measurement outside its limits
     */
    public record Entry(String name, String text, double value, String unit, double low, double high, boolean pass) {
    }

    private final ExtensionContext context;
    private final List<Entry> records = new ArrayList<>();

    Recorder(ExtensionContext context) {
        this.context = context;
    }

    /**
     * Records a property (the seed's {@code rp(key, value)}).
     *
     * @param key   its name
     * @param value its value, shown with {@code toString()}
     */
    public void property(String key, Object value) {
        Objects.requireNonNull(key, "key");
        record(new Entry(key, Printable.controls(String.valueOf(value)), Double.NaN, "", Double.NaN, Double.NaN, true));
    }

    /**
     * Starts a measurement; {@link Measurement#within}, {@link Measurement#near} or
     * {@link Measurement#recorded} records it.
     *
     * @param name  what was measured ({@code "rail"})
     * @param value the value
     * @param unit  its unit ({@code "V"})
     * @return the measurement
     */
    public Measurement measure(String name, double value, String unit) {
        return new Measurement(Objects.requireNonNull(name, "name"), value, Objects.requireNonNull(unit, "unit"));
    }

    /** @return what this test recorded, in order */
    public List<Entry> records() {
        return Collections.unmodifiableList(records);
    }

    private void record(Entry r) {
        records.add(r);
        context.publishReportEntry(r.name(), r.text());
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
