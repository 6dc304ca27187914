package dev.benchhal.core.bench;

import dev.benchhal.Device;
import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.core.safety.ShutdownSafetyNet;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;
import dev.benchhal.core.util.TimeBoxed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The devices of one bench, opened lazily by role and closed together.
 *
 * <pre>{@code
 * BenchConfig config = BenchResolver.create().resolve();   // override > env > ./bench.yaml > defaults
 * try (Bench bench = Bench.open(config, DriverRegistry.load())) {
 *     PowerSupply psu = bench.get("psu", PowerSupply.class);
 *     LinInterface lin = bench.get("lin", LinInterface.class);
 *     ...
 * }   // closed in reverse order of opening, each within its close timeout
 * }</pre>
 *
 * <ul>
 *   <li>{@link #open} checks every URI's scheme against the installed drivers at once, so a typo
 *       fails before any hardware is touched, with the file, line and key.</li>
 *   <li>{@link #get} opens a role on first use and returns the same instance afterwards, to any
 *       thread. A driver may ask for other roles through its {@link DriverContext} (a PCIe host
 *       over the {@code rig} shell); cycles are reported, not deadlocked.</li>
 *   <li>{@link #close} closes in reverse order of opening, each device on its own thread within
 *       its {@code closeTimeout}, logs every failure and then throws them together.</li>
 *   <li>Devices with a safe state register with the bench's {@link ShutdownSafetyNet}:
 *       {@link #enterSafeState(String)} on failure, and a JVM shutdown hook while the bench is open.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Bench implements AutoCloseable {

    /** The logger, made when first used: {@link #check(BenchConfig, DriverRegistry)} logs nothing and starts no logging. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    }

    private final BenchConfig config;
    private final DriverRegistry registry;
    private final BenchClock clock;
    private final Map<String, String> environment;
    private final ShutdownSafetyNet safetyNet;
    private final Map<String, Device> open = new ConcurrentHashMap<>();
    private final Deque<String> openOrder = new ArrayDeque<>();
    private final ReentrantLock openLock = new ReentrantLock();
    private final Set<String> opening = new LinkedHashSet<>();
    private volatile boolean closed;

    private Bench(BenchConfig config, DriverRegistry registry, BenchClock clock, Map<String, String> environment) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.environment = environment;
        this.safetyNet = new ShutdownSafetyNet(config.name());
    }

    /**
     * Opens a bench on the clock its file chooses ({@link #clockFor}): virtual time when every device
     * is a simulator, unless the file says {@code time: real}. No device is opened yet, and no role is
     * checked until it is first used ({@link #check()} checks them all).
     *
     * @param config   the configuration
     * @param registry the installed drivers
     * @return the bench
     */
    public static Bench open(BenchConfig config, DriverRegistry registry) {
        return open(config, registry, clockFor(config, registry));
    }

    /**
     * The clock a bench runs on when the caller gives none: the file's {@code time:} (or
     * {@code BENCHHAL_TIME}); with {@code auto}, the default, virtual time when every device is a
     * simulator ({@link dev.benchhal.spi.DriverProvider#simulates}), else the system clock.
     *
     * @param config   the configuration
     * @param registry the installed drivers
     * @return a new auto-advancing {@link VirtualClock}, or the system clock
     */
    public static BenchClock clockFor(BenchConfig config, DriverRegistry registry) {
        boolean virtual = switch (config.time()) {
            case VIRTUAL -> true;
            case REAL -> false;
            case AUTO -> !config.devices().isEmpty() && config.devices().values().stream().allMatch(d -> simulated(d, registry));
        };
        return virtual ? VirtualClock.autoAdvancing() : BenchClock.system();
    }

    private static boolean simulated(DeviceConfig d, DriverRegistry registry) {
        try {
            DeviceSpec spec = new DeviceSpec(DeviceUri.parse(d.uri()), d.options(), d.role());
            return registry.provider(spec.scheme()).simulates(spec);
        } catch (ConfigException e) {
            return false; // reported when the role is used
        }
    }

    /**
     * Opens a bench on a given clock (a {@link dev.benchhal.core.time.VirtualClock} for simulated benches).
     *
     * @param config   the configuration
     * @param registry the installed drivers
     * @param clock    the bench clock every device waits on
     * @return the bench
     */
    public static Bench open(BenchConfig config, DriverRegistry registry, BenchClock clock) {
        return open(config, registry, clock, System.getenv());
    }

    /**
     * @param config      the configuration
     * @param registry    the installed drivers
     * @param clock       the bench clock
     * @param environment where secrets named by {@code ...Env} options are read
     * @return the bench
     */
    public static Bench open(BenchConfig config, DriverRegistry registry, BenchClock clock, Map<String, String> environment) {
        // a role is checked when it is first used: one bench file serves a team, and a test that uses
        // only lin must not need the driver of every other role on its class path (check() checks all)
        Log.LOG.info("bench {}: {} devices configured ({}), {}", config.name(), config.devices().size(),
                String.join(", ", config.devices().keySet()), clock instanceof VirtualClock ? "virtual time" : "real time");
        return new Bench(config, registry, clock, Map.copyOf(environment));
    }

    /**
     * Checks every role without opening a device: its URI parses and an installed driver has its
     * scheme. {@link #get} checks a role when it is first used; this checks them all up front
     * ({@code benchhal bench} does).
     *
     * @return this bench
     * @throws ConfigException naming file, line and key of the first role that fails, with its URI
     */
    public Bench check() {
        check(config, registry);
        return this;
    }

    /**
     * Checks every role of a configuration without opening a bench or a device: its URI parses and an installed
     * driver has its scheme ({@link #check()} of a bench opened on it). Starts nothing: no clock, no logging, no
     * shutdown hook ({@code benchhal bench} checks a file this way).
     *
     * @param config   the configuration
     * @param registry the installed drivers
     * @throws ConfigException naming file, line and key of the first role that fails, with its URI
     */
    public static void check(BenchConfig config, DriverRegistry registry) {
        for (DeviceConfig d : config.devices().values()) {
            try {
                registry.provider(DeviceUri.parse(d.uri()).scheme());
            } catch (ConfigException e) {
                throw located(d, e);
            }
        }
    }

    /** @return the configuration */
    public BenchConfig config() {
        return config;
    }

    /** @return the bench clock */
    public BenchClock clock() {
        return clock;
    }

    /** @return the safety net of this bench's devices */
    public ShutdownSafetyNet safetyNet() {
        return safetyNet;
    }

    /** @return the configured roles, in file order */
    public Set<String> roles() {
        return Collections.unmodifiableSet(config.devices().keySet());
    }

    /**
     * Whether a role's device is a simulator, as its driver says ({@link dev.benchhal.spi.DriverProvider#simulates}):
     * what a harness asks before it switches power (real hardware only when told so).
     *
     * @param role a role
     * @return {@code true} when the role's driver simulates the device; {@code false} for real hardware, an unknown
     *         scheme or a role the bench does not configure
     */
    public boolean simulates(String role) {
        DeviceConfig d = config.devices().get(role);
        return d != null && simulated(d, registry);
    }

    /**
     * @param role a role
     * @return {@code true} when the bench configures it
     */
    public boolean has(String role) {
        return config.devices().containsKey(role);
    }

    /**
     * Returns the device of a role, opening it on first use.
     *
     * @param <T>    the family
     * @param role   the role
     * @param family the family interface expected
     * @return the device; owned by the bench: do not close it yourself
     * @throws NotFoundException      when the bench has no such role
     * @throws ConfigException        when the role's URI opens another family, or its options are wrong
     * @throws DisconnectedException  after {@link #close()}
     * @throws HalException           when the driver cannot open the device
     */
    public <T extends Device> T get(String role, Class<T> family) {
        Device d = open.get(role);
        if (d == null) {
            d = openRole(role, family);
        }
        if (!family.isInstance(d)) {
            DeviceConfig c = config.devices().get(role);
            throw located(c, new ConfigException(role, "is a " + familyOf(d) + ", not a " + family.getSimpleName()));
        }
        return family.cast(d);
    }

    private Device openRole(String role, Class<? extends Device> family) {
        DeviceConfig c = config.devices().get(role);
        if (c == null) {
            throw new NotFoundException(config.name(), "no device with role \"" + role + "\"; configured roles: "
                    + (config.devices().isEmpty() ? "none" : String.join(", ", config.devices().keySet())));
        }
        openLock.lock();
        try {
            if (closed) {
                throw new DisconnectedException(config.name(), "bench is closed");
            }
            Device existing = open.get(role);
            if (existing != null) {
                return existing;
            }
            if (!opening.add(role)) {
                List<String> chain = new ArrayList<>(opening);
                chain.add(role);
                throw new ConfigException(c.file(), c.line(), "devices." + role,
                        "devices depend on each other in a cycle: " + String.join(" -> ", chain), null);
            }
            try {
                long start = System.nanoTime(); // what opening costs in real time, also on a virtual bench
                DeviceSpec spec;
                try {
                    spec = new DeviceSpec(DeviceUri.parse(c.uri()), c.options(), role);
                } catch (ConfigException e) {
                    throw located(c, e);
                }
                Device d;
                try {
                    d = registry.open(spec, family, new RoleContext(role));
                } catch (ConfigException e) {
                    throw e.file().isPresent() ? e : located(c, e);
                }
                open.put(role, d);
                openOrder.push(role);
                Log.LOG.info("bench {}: opened {} = {} in {}", config.name(), role, d.uri(), Durations.format(Duration.ofNanos(System.nanoTime() - start)));
                return d;
            } finally {
                opening.remove(role);
            }
        } finally {
            openLock.unlock();
        }
    }

    /**
     * Puts every device with a safe state in it now (power off); call it when the code that owns
     * the bench fails. Never throws.
     *
     * @param reason why, for the log
     * @return the devices' failures to reach their safe state
     */
    public List<Throwable> enterSafeState(String reason) {
        return safetyNet.enterSafeStateAll(reason);
    }

    /**
     * Closes every open device in reverse order of opening, each within its close timeout. Every
     * failure is logged; after all devices were tried, the failures are thrown together as one
     * {@link HalException} with the others suppressed. Idempotent.
     */
    @Override
    public void close() {
        List<String> order;
        openLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            order = new ArrayList<>(openOrder);
            openOrder.clear();
        } finally {
            openLock.unlock();
        }
        List<Throwable> failures = new ArrayList<>();
        for (String role : order) {
            Device d = open.remove(role);
            Throwable t = closeWithTimeout(role, d, config.devices().get(role));
            if (t != null) {
                failures.add(t);
            }
        }
        safetyNet.close();
        Log.LOG.info("bench {}: closed {} devices, {} failures", config.name(), order.size(), failures.size());
        if (!failures.isEmpty()) {
            HalException all = new HalException(config.name(), failures.size() + " device(s) failed to close: "
                    + failures.get(0).getMessage() + (failures.size() > 1 ? " (and more, see suppressed)" : ""), failures.get(0));
            failures.stream().skip(1).forEach(all::addSuppressed);
            throw all;
        }
    }

    private Throwable closeWithTimeout(String role, Device d, DeviceConfig c) {
        TimeBoxed.Outcome outcome = TimeBoxed.run("benchhal-close-" + role, c.closeTimeout(), d::close);
        if (outcome instanceof TimeBoxed.Outcome.Overran) {
            HalException e = new HalException(role, d.uri() + " did not close within " + Durations.format(c.closeTimeout())
                    + "; left behind");
            Log.LOG.error("bench {}: {}", config.name(), e.getMessage());
            return e;
        }
        if (outcome instanceof TimeBoxed.Outcome.Failed f) {
            Log.LOG.error("bench {}: closing {} ({}) failed: {}", config.name(), role, d.uri(), f.failure().toString());
            return f.failure();
        }
        Log.LOG.debug("bench {}: closed {}", config.name(), role);
        return null;
    }

    private static String familyOf(Device d) {
        for (Class<?> i : d.getClass().getInterfaces()) {
            if (Device.class.isAssignableFrom(i)) {
                return i.getSimpleName();
            }
        }
        return d.getClass().getSimpleName();
    }

    /**
     * @return the URI as it may be shown (redacted), empty when it does not even parse: such a URI may
     *         carry a password, so it is never echoed
     */
    private static Optional<String> shown(String uri) {
        try {
            return Optional.of(DeviceUri.parse(uri).toString());
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static ConfigException located(DeviceConfig c, ConfigException e) {
        if (c.file() == null) {
            return new ConfigException(c.origin() + " (" + c.role() + ")", e.getMessage(), e);
        }
        return new ConfigException(c.file(), c.line(), "devices." + c.role() + ".uri",
                shown(c.uri()).map(uri -> uri + ": ").orElse("") + e.detail(), e);
    }

    @Override
    public String toString() {
        return "Bench[" + config.name() + ", open: " + open.keySet() + "]";
    }

    /** The context a role's driver opens with. */
    private final class RoleContext implements DriverContext {
        private final String role;

        RoleContext(String role) {
            this.role = role;
        }

        @Override
        public BenchClock clock() {
            return clock;
        }

        @Override
        public <T extends Device> T device(String other, Class<T> family) {
            if (other.equals(role)) {
                throw new ConfigException(role, "a device cannot depend on its own role");
            }
            if (!config.devices().containsKey(other)) {
                // say who asked: the name comes from an option of this role's URI (pcie:sim?hub=...)
                DeviceConfig asking = config.devices().get(role);
                throw new NotFoundException(config.name(), "role \"" + role + "\" ("
                        + shown(asking.uri()).orElse("a URI that does not parse") + ") needs a " + family.getSimpleName() + " with role \"" + other + "\", which the bench does not have; "
                        + "configured roles: " + String.join(", ", config.devices().keySet()));
            }
            return get(other, family);
        }

        @Override
        public ShutdownSafetyNet safetyNet() {
            return safetyNet;
        }

        @Override
        public Path baseDirectory() {
            return config.baseDirectory();
        }

        @Override
        public Map<String, String> environment() {
            return environment;
        }

        @Override
        public Map<String, Object> topology() {
            return config.topology();
        }
    }
}
