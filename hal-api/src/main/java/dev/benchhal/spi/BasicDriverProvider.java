package dev.benchhal.spi;

import dev.benchhal.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * The parts every provider has, in one place: its scheme, its family, the driver API version it was
 * built for and its one-line description. A provider extends it and implements
 * {@link #open(DeviceSpec, DriverContext)} (and {@link #discover(DriverContext)} where it can look):
 *
 * <pre>{@code
 * public final class ThermoProvider extends BasicDriverProvider<Thermometer> {
 *     public ThermoProvider() {
 *         super("thermo", Thermometer.class, API_VERSION, "Acme thermometers over serial");
 *     }
 *     public Thermometer open(DeviceSpec spec, DriverContext context) { ... }
 * }
 * }</pre>
 *
 * <p>{@code API_VERSION} in the subclass's constructor is a compile-time constant, so it keeps the
 * version of the API the provider was compiled against. Immutable and thread-safe.
 *
 * @param <T> the family
 */
public abstract class BasicDriverProvider<T extends Device> implements DriverProvider<T> {

    private final String scheme;
    private final Class<T> family;
    private final String apiVersion;
    private final String description;

    /**
     * @param scheme      the URI scheme, e.g. {@code owon}
     * @param family      the family interface it opens
     * @param apiVersion  pass {@link DriverProvider#API_VERSION}: the version compiled in
     * @param description one line for {@code benchhal drivers}
     */
    protected BasicDriverProvider(String scheme, Class<T> family, String apiVersion, String description) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.family = Objects.requireNonNull(family, "family");
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public final String scheme() {
        return scheme;
    }

    @Override
    public final Class<T> family() {
        return family;
    }

    @Override
    public final String apiVersion() {
        return apiVersion;
    }

    @Override
    public final String description() {
        return description;
    }

    /**
     * The provider's logger, got when a message is logged rather than held in a static field: every registry loads
     * every provider, and a logger made then would start SLF4J (a search of the whole class path, the binding's set-up,
     * about 15 ms) in a process that never opens a device, such as {@code benchhal drivers}.
     *
     * @return the logger of this provider's class; any thread
     */
    protected final Logger log() {
        return LoggerFactory.getLogger(getClass());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + scheme + ", " + family.getSimpleName() + ", API " + apiVersion + "]";
    }
}
