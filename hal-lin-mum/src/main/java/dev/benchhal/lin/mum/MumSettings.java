package dev.benchhal.lin.mum;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of a {@code mum://HOST/lin0?...} URI, validated.
 *
 * @param uri            the URI
 * @param host           the MUM's address (192.168.7.2 over USB) or host name
 * @param linDevice      the MUM's LIN master device ({@code lin0})
 * @param powerDevice    the slave supply switch ({@code power_out0}), empty for none
 * @param baud           bit/s
 * @param bootSettle     how long to wait after switching the slaves on
 * @param powerOnOpen    whether open switches the slaves on (and waits the boot settle time)
 * @param python         the Python interpreter that has Melexis' packages
 * @param pythonPath     a directory to put on the bridge's PYTHONPATH, empty for none
 * @param latency        what the bridge adds to each call's timeout (the MUM is reached over IP)
 * @param startTimeout   how long the bridge may take to import the packages and answer
 * @param restart        whether a crashed or hung bridge is restarted by the next call
 * @param via            the bench role of the HostShell of the lab host the bridge runs on (the MUM is reached
 *                       from there), empty for this machine
 */
public record MumSettings(DeviceUri uri, String host, String linDevice, Optional<String> powerDevice, int baud,
                          Duration bootSettle, boolean powerOnOpen, String python, Optional<Path> pythonPath,
                          Duration latency, Duration startTimeout, boolean restart, Optional<String> via) {

    /** Environment variable naming the Python interpreter when the URI does not. */
    public static final String PYTHON_ENV = "BENCHHAL_MUM_PYTHON";

    static final Set<String> OPTIONS = Set.of("baud", "power", "bootSettle", "powerOnOpen", "python", "pythonPath",
            "latency", "startTimeout", "restart", "via");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");
    private static final Pattern DEVICE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /**
     * @param spec    URI and options
     * @param context environment and paths
     * @return the settings
     * @throws ConfigException naming the option and what was wrong
     */
    public static MumSettings from(DeviceSpec spec, DriverContext context) {
        DeviceUri uri = spec.uri();
        String source = uri.toString();
        spec.requireKnownOptions(OPTIONS);
        String host = uri.host().orElseThrow(() -> new ConfigException(source, "expected mum://HOST/lin0 (HOST: the MUM's "
                + "address, 192.168.7.2 over USB)"));
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(source, "host \"" + host + "\" is not a host name or IPv4 address");
        }
        String path = uri.path().replaceFirst("^/", "");
        String lin = path.isEmpty() ? "lin0" : path;
        if (!DEVICE.matcher(lin).matches()) {
            throw new ConfigException(source, "LIN device \"" + lin + "\" is not a MUM device name such as lin0");
        }
        String power = spec.option("power").orElse("power_out0");
        if (!power.equals("none") && !DEVICE.matcher(power).matches()) {
            throw new ConfigException(source, "option power=" + power + ": expected a MUM device name such as power_out0, "
                    + "or none");
        }
        int baud = spec.intOption("baud", LinProtocol.DEFAULT_BAUD);
        if (baud < LinProtocol.MIN_BAUD || baud > LinProtocol.MAX_BAUD) {
            throw new ConfigException(source, "option baud=" + baud + ": expected " + LinProtocol.MIN_BAUD + ".."
                    + LinProtocol.MAX_BAUD);
        }
        String python = spec.option("python").or(() -> Optional.ofNullable(context.environment().get(PYTHON_ENV)))
                .orElse("python3");
        Optional<String> via = spec.option("via");
        // with via, a directory on the lab host, taken as given; else one on this machine, resolved like every path
        Optional<Path> pythonPath = spec.option("pythonPath").map(p -> via.isPresent() ? Path.of(p) : context.resolve(p));
        if (via.isPresent() && pythonPath.isPresent() && !pythonPath.get().isAbsolute()) {
            throw new ConfigException(source, "option pythonPath=" + pythonPath.get() + ": with via, give an absolute "
                    + "directory on the lab host");
        }
        return new MumSettings(uri, host, lin, power.equals("none") ? Optional.empty() : Optional.of(power), baud,
                spec.durationOption("bootSettle", Duration.ofMillis(100)),
                spec.booleanOption("powerOnOpen", !power.equals("none")), python, pythonPath,
                spec.durationOption("latency", Duration.ofSeconds(1)),
                spec.durationOption("startTimeout", Duration.ofSeconds(15)),
                spec.booleanOption("restart", true), via);
    }
}
