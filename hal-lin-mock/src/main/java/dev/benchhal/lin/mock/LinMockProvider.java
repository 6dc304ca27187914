package dev.benchhal.lin.mock;

import dev.benchhal.error.ConfigException;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.LdfParser;
import dev.benchhal.spi.BasicDriverProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.time.BenchClock;
import dev.benchhal.core.time.VirtualClock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Scheme {@code lin-mock}: {@code lin-mock:?ldf=PATH&...}, a simulated LIN bus from an LDF.
 * Options (all but {@code ldf} optional):
 * <ul>
 * <li>{@code ldf}: the LDF file (relative to the bench file), or {@code builtin:alm} for the
 *     ambient-light cluster that ships with the simulator;</li>
 * <li>{@code lenient} (false): read the LDF with the lenient parser;</li>
 * <li>{@code models}: node behaviours, {@code NODE:MODEL,...} ({@code ALM_Node:alm}), several for
 *     one node joined by {@code +} ({@code ALM_Node:alm+bootloader}); with {@code builtin:alm} the
 *     ALM node gets model {@code alm} unless told otherwise;</li>
 * <li>{@code baud} (the LDF's speed), {@code bootTime} (50ms), {@code bootSettle} (the boot time),
 *     {@code wakeTime} (100ms), {@code power} (on), {@code seed} (0), {@code traceCapacity} (100000);</li>
 * <li>{@code time}: {@code bench} (default: the bench clock) or {@code virtual} (a private
 *     auto-advancing virtual clock, for unit tests outside a bench);</li>
 * <li>{@code faults}: random faults, {@code FAULT:PROBABILITY,...} ({@code NO_RESPONSE:0.01});
 *     {@code lateBy} (20ms) for {@code LATE_RESPONSE};</li>
 * <li>{@code schedule}: a schedule table to start at open;</li>
 * <li>{@code supply}: the bench role of the supply that powers the slaves; its measured output
 *     voltage is what the node models see (the ALM node's under- and over-voltage status).</li>
 * </ul>
 */
public final class LinMockProvider extends BasicDriverProvider<LinInterface> {

    /** The ALM cluster that ships with the simulator. */
    public static final String BUILTIN_ALM = "builtin:alm";

    private static final Set<String> OPTIONS = Set.of("ldf", "lenient", "models", "baud", "bootTime", "bootSettle",
            "wakeTime", "power", "seed", "traceCapacity", "time", "faults", "lateBy", "schedule", "supply");

    /** Called by {@link ServiceLoader}. */
    public LinMockProvider() {
        super("lin-mock", LinInterface.class, API_VERSION,
                "simulated LIN bus from an LDF: slave nodes, node configuration, faults, schedules, trace");
    }

    /** Every {@code lin-mock:} bus is a simulator. */
    @Override
    public boolean simulates(DeviceSpec spec) {
        return true;
    }

    @Override
    public LinInterface open(DeviceSpec spec, DriverContext context) {
        return create(spec, context);
    }

    /**
     * Opens the simulator with its full API (what {@link #open} returns as a {@link LinInterface}).
     *
     * @param spec    URI and options
     * @param context clock and paths
     * @return the simulated bus
     */
    public static LinMock create(DeviceSpec spec, DriverContext context) {
        String source = spec.uri().toString();
        spec.requireKnownOptions(OPTIONS);
        String ldfOption = spec.option("ldf").orElseThrow(() -> new ConfigException(source,
                "option ldf is required: the LDF file of the cluster to simulate, or " + BUILTIN_ALM));
        LdfParser parser = spec.booleanOption("lenient", false) ? LdfParser.lenient() : LdfParser.strict();
        LdfDatabase ldf = ldfOption.equals(BUILTIN_ALM) ? parser.parse(builtinAlm(), "alm.ldf (builtin)")
                : parser.parse(context.resolve(ldfOption));
        String time = spec.option("time").orElse("bench");
        BenchClock clock;
        if (time.equals("bench")) {
            clock = context.clock();
        } else if (time.equals("virtual")) {
            clock = VirtualClock.autoAdvancing();
        } else {
            throw new ConfigException(source, "option time=" + time + ": expected bench or virtual");
        }
        String power = spec.option("power").orElse("on");
        if (!power.equals("on") && !power.equals("off")) {
            throw new ConfigException(source, "option power=" + power + ": expected on or off");
        }
        LinMockBuilder builder = LinMock.builder(ldf).uri(spec.uri()).clock(clock)
                .bootTime(spec.durationOption("bootTime", java.time.Duration.ofMillis(50)))
                .wakeTime(spec.durationOption("wakeTime", java.time.Duration.ofMillis(100)))
                .seed(spec.intOption("seed", 0))
                .traceCapacity(spec.intOption("traceCapacity", 100_000))
                .powered(power.equals("on"));
        spec.option("supply").ifPresent(role -> builder.supply(
                () -> context.device(role, dev.benchhal.psu.PowerSupply.class).measureVoltage()));
        if (spec.option("bootSettle").isPresent()) {
            builder.bootSettle(spec.durationOption("bootSettle", null));
        }
        if (spec.option("baud").isPresent()) {
            int baud = spec.intOption("baud", 0);
            try {
                builder.baud(baud);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, "option baud=" + baud + ": " + e.getMessage());
            }
        }
        Map<String, String> models = new HashMap<>();
        if (ldfOption.equals(BUILTIN_ALM)) {
            models.put("ALM_Node", "alm");
        }
        models.putAll(pairs(spec, "models", source));
        Map<String, NodeBehaviourFactory> factories = new HashMap<>();
        ServiceLoader.load(NodeBehaviourFactory.class, LinMockProvider.class.getClassLoader())
                .forEach(f -> factories.putIfAbsent(f.model(), f));
        for (Map.Entry<String, String> m : models.entrySet()) {
            if (!ldf.slaves().contains(m.getKey())) {
                throw new ConfigException(source, "option models: " + ldf.source() + " has no slave \"" + m.getKey()
                        + "\"; slaves: " + ldf.slaves());
            }
            List<NodeBehaviour> parts = new ArrayList<>();
            for (String model : m.getValue().split("\\+", -1)) {
                NodeBehaviourFactory factory = factories.get(model);
                if (factory == null) {
                    throw new ConfigException(source, "option models: unknown model \"" + model + "\" for node "
                            + m.getKey() + "; installed models: " + new TreeSet<>(factories.keySet()));
                }
                try {
                    parts.add(factory.create(m.getKey(), ldf));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(source, "option models: " + e.getMessage());
                }
            }
            builder.behaviour(m.getKey(), NodeBehaviour.combine(parts));
        }
        LinMock mock = builder.build();
        try {
            for (Map.Entry<String, String> f : pairs(spec, "faults", source).entrySet()) {
                LinFault fault;
                try {
                    fault = LinFault.valueOf(f.getKey().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(source, "option faults: unknown fault " + f.getKey() + "; faults: "
                            + java.util.Arrays.toString(LinFault.values()));
                }
                try {
                    mock.faults().randomly(fault, Double.parseDouble(f.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(source, "option faults: " + f.getKey() + ":" + f.getValue()
                            + ": expected a probability 0..1");
                }
            }
            mock.faults().lateBy(spec.durationOption("lateBy", java.time.Duration.ofMillis(20)));
            spec.option("schedule").ifPresent(table -> mock.schedules().start(table));
        } catch (RuntimeException e) {
            mock.close();
            throw e;
        }
        return mock;
    }

    private static Map<String, String> pairs(DeviceSpec spec, String option, String source) {
        Map<String, String> out = new HashMap<>();
        String value = spec.option(option).orElse("");
        if (value.isBlank()) {
            return out;
        }
        for (String pair : value.split(",", -1)) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new ConfigException(source, "option " + option + ": expected NAME:VALUE pairs separated by commas, got \""
                        + pair + "\"");
            }
            out.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
        return out;
    }

    static byte[] builtinAlm() {
        try (InputStream in = LinMockProvider.class.getResourceAsStream("alm/alm.ldf")) {
            if (in == null) {
                throw new IllegalStateException("alm.ldf is missing from the hal-lin-mock jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
