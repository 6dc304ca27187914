package dev.benchhal.spi;

import dev.benchhal.Device;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The one driver SPI: a provider names its URI scheme and the device family it opens, opens a
 * device from a {@link DeviceSpec}, and may list the devices present now.
 *
 * <p>Register an implementation both ways, so it works on the classpath and the module path:
 * {@code META-INF/services/dev.benchhal.spi.DriverProvider} and
 * {@code provides dev.benchhal.spi.DriverProvider with ...} in {@code module-info.java}. It
 * needs a public no-argument constructor. Providers are stateless and thread-safe; state
 * belongs to the devices they open.
 *
 * @param <T> the family interface, e.g. {@code PowerSupply}
 */
public interface DriverProvider<T extends Device> {

    /**
     * The driver API version of this hal-api: {@code MAJOR.MINOR}. A compile-time constant, so a
     * provider's {@code return API_VERSION;} keeps the value of the API it was compiled against.
     * Before 1.0 every minor version may change the SPI; from 1.0 a minor version only adds.
     */
    String API_VERSION = "0.1";

    /** @return the URI scheme, lower case, e.g. {@code owon}; unique among installed providers */
    String scheme();

    /** @return the family interface the opened devices implement */
    Class<T> family();

    /**
     * Opens a device. May block while the device is reached (serial port, connection, handshake).
     *
     * @param spec    the URI and options
     * @param context the bench clock, other devices by role, secrets, base directory
     * @return the open device; the caller owns it and must close it
     * @throws dev.benchhal.error.ConfigException   for a bad URI or option
     * @throws dev.benchhal.error.NotFoundException when the device is not there
     * @throws dev.benchhal.error.HalException      for any other failure to open
     */
    T open(DeviceSpec spec, DriverContext context);

    /**
     * Lists the devices of this driver present now (USB serials, ports, hosts). Absent hardware
     * or subsystems give an empty list, not an error.
     *
     * @param context the clock and environment
     * @return what was found; empty by default
     */
    default List<DiscoveredDevice> discover(DriverContext context) {
        return List.of();
    }

    /**
     * Whether the device a spec opens is a simulator with nothing real behind it, whose every wait
     * goes through the bench clock: a bench whose devices all are runs in virtual time unless its
     * file says otherwise. Looks at the spec only and opens nothing; safe to call from any thread.
     *
     * @param spec the device's URI and options
     * @return {@code true} for a simulator; the default is {@code false}
     */
    default boolean simulates(DeviceSpec spec) {
        return false;
    }

    /**
     * The driver API version this provider was built for: implement it as {@code return API_VERSION;},
     * which the compiler inlines, so the registry can tell a driver built for another API by name
     * (as SLF4J does for its providers) instead of failing later with a linkage error.
     *
     * @return {@code MAJOR.MINOR}, or {@code null} when the provider does not say (it is then loaded
     *         with a warning)
     */
    default @Nullable String apiVersion() {
        return null;
    }

    /** @return one line for {@code benchhal drivers}, e.g. "Owon SPE/ODP supplies over serial" */
    default String description() {
        return family().getSimpleName() + " driver";
    }
}
