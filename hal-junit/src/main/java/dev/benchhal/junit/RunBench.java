package dev.benchhal.junit;

import dev.benchhal.Device;
import dev.benchhal.DeviceUri;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchResolver;
import dev.benchhal.core.bench.DeviceConfig;
import dev.benchhal.core.psu.Settle;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.HalException;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.spi.DriverRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bench of one test run: resolved once, each role opened on first use, a role that failed to
 * open remembered (a device that cannot be reached is not tried again by every test), closed at the
 * end of the run. Thread-safe: tests may run in parallel.
 */
final class RunBench implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunBench.class);

    private final BenchConfig config;
    private final DriverRegistry registry;
    private final Bench bench;
    private final Map<String, HalException> unavailable = new ConcurrentHashMap<>();
    /** the outcome of each preparation that ran on this bench: null for done, else what it threw */
    private final Map<Class<?>, Optional<Throwable>> prepared = new ConcurrentHashMap<>();
    private volatile Nominal powered;

    /** The supply's nominal setting while the bench is powered for the run. */
    record Nominal(String role, double volts, double amps) {
    }

    private RunBench(BenchConfig config, DriverRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.bench = Bench.open(config, registry);
    }

    /**
     * @param benchFile the file the configuration parameter names, if any
     * @return the run's bench
     * @throws ConfigException when the bench file or the environment is wrong
     */
    static RunBench open(Optional<String> benchFile) {
        BenchResolver resolver = BenchResolver.create();
        benchFile.ifPresent(f -> resolver.file(Path.of(f)));
        return new RunBench(resolver.resolve(), DriverRegistry.load());
    }

    Bench bench() {
        return bench;
    }

    BenchConfig config() {
        return config;
    }

    /**
     * @param type a device family
     * @return the roles whose driver opens that family (by scheme; nothing is opened)
     */
    List<String> rolesOf(Class<?> type) {
        return config.devices().values().stream().filter(d -> {
            try {
                return type.isAssignableFrom(registry.provider(DeviceUri.parse(d.uri()).scheme()).family());
            } catch (ConfigException unknown) {
                return false;
            }
        }).map(DeviceConfig::role).toList();
    }

    /**
     * @param role   a role
     * @param family its family
     * @return the device
     * @throws HalException why the role is unavailable (not configured, no driver, not reachable); the
     *                      same exception again on every later request of that role
     */
    <T extends Device> T device(String role, Class<T> family) {
        HalException failed = unavailable.get(role);
        if (failed != null) {
            throw failed;
        }
        try {
            return bench.get(role, family);
        } catch (HalException e) {
            unavailable.putIfAbsent(role, e);
            throw e;
        }
    }

    /**
     * Powers the bench for the run, once: the supply at the bench file's nominal, output on.
     *
     * @param role the supply's role
     */
    synchronized void powerUp(String role) {
        if (powered != null || !config.devices().containsKey(role)) {
            if (powered == null) {
                LOG.info("bench {}: no role \"{}\", so the run is not powered", config.name(), role);
            }
            return;
        }
        Nominal nominal = nominal(role);
        PowerSupply psu;
        try {
            psu = device(role, PowerSupply.class);
        } catch (HalException e) {
            LOG.warn("bench {}: supply \"{}\" unavailable, the run is not powered: {}", config.name(), role, e.getMessage());
            return;
        }
        psu.setCurrent(nominal.amps());
        psu.setVoltage(nominal.volts());
        psu.setOutput(true);
        // the first test starts on a rail that is there, not one still rising (on the supply's clock)
        Settle.waitUntilSettled(psu, nominal.volts(), Settle.options());
        powered = nominal;
        LOG.info("bench {}: powered at {} V, {} A by \"{}\" for the run", config.name(), nominal.volts(), nominal.amps(), role);
    }

    /** Puts the rail back at nominal and on, settled, when the run is powered and a test changed it. */
    void restoreNominal() {
        Nominal nominal = powered;
        if (nominal == null) {
            return;
        }
        PowerSupply psu = device(nominal.role(), PowerSupply.class);
        if (Math.abs(psu.currentSetpoint() - nominal.amps()) > 1e-9) {
            psu.setCurrent(nominal.amps());
        }
        if (Math.abs(psu.voltageSetpoint() - nominal.volts()) > 1e-9) {
            LOG.info("bench {}: rail at {} V after the test, back to {} V", config.name(), psu.voltageSetpoint(), nominal.volts());
            psu.setVoltage(nominal.volts());
        }
        if (!psu.isOutputOn()) {
            LOG.info("bench {}: output off after the test, on again", config.name());
            psu.setOutput(true);
        }
        Settle.waitUntilSettled(psu, nominal.volts(), Settle.options());
    }

    private Nominal nominal(String role) {
        Object power = config.topology().get("power");
        if (!(power instanceof Map<?, ?> p) || !(p.get("volts") instanceof Number volts) || !(p.get("amps") instanceof Number amps)) {
            throw new ConfigException(config.name(), "@PoweredBench needs the nominal supply in the bench file: "
                    + "topology: power: {volts: 13.5, amps: 2.0}");
        }
        return new Nominal(role, volts.doubleValue(), amps.doubleValue());
    }

    @Override
    public void close() {
        bench.close();
    }

    /**
     * Runs a preparation the first time it is asked for on this bench; later callers wait for it and
     * get its outcome.
     *
     * @return empty when it was done, else what it threw
     */
    Optional<Throwable> prepareOnce(Class<? extends BenchPreparation> step, java.util.function.Supplier<Optional<Throwable>> run) {
        return prepared.computeIfAbsent(step, k -> run.get());
    }
}
