package dev.benchhal.usb.acroname;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of an {@code acroname:usb:SERIAL?...} URI, validated.
 *
 * @param uri          the URI
 * @param serial       the hub's serial number, 8 upper-case hex digits
 * @param model        the hub model
 * @param python       the Python interpreter with the BrainStem SDK
 * @param pythonPath   a directory put on the bridge's PYTHONPATH, empty for none
 * @param latency      how long one hub operation may take
 * @param startTimeout how long importing the SDK and connecting may take (BrainStem discovery is slow)
 * @param restart      whether the next call restarts a crashed or hung bridge
 * @param via          the bench role of the HostShell of the lab host the hub is plugged into, empty for this machine
 */
public record AcronameSettings(DeviceUri uri, String serial, AcronameModel model, String python,
                               Optional<Path> pythonPath, Duration latency, Duration startTimeout, boolean restart,
                               Optional<String> via) {

    /** Environment variable naming the Python interpreter when the URI does not. */
    public static final String PYTHON_ENV = "BENCHHAL_ACRONAME_PYTHON";

    static final Set<String> OPTIONS = Set.of("model", "python", "pythonPath", "latency", "startTimeout", "restart", "via");
    static final Pattern SERIAL = Pattern.compile("[0-9A-Fa-f]{8}");

    /**
     * @param spec    URI and options ({@code acroname:usb:SERIAL})
     * @param context environment and paths
     * @return the settings
     * @throws ConfigException naming what was wrong
     */
    public static AcronameSettings from(DeviceSpec spec, DriverContext context) {
        DeviceUri uri = spec.uri();
        String source = uri.toString();
        spec.requireKnownOptions(OPTIONS);
        String target = uri.target();
        if (!target.startsWith("usb:")) {
            throw new ConfigException(source, "expected acroname:usb:SERIAL (8 hex digits) or acroname:sim");
        }
        String serial = target.substring(4);
        if (!SERIAL.matcher(serial).matches()) {
            throw new ConfigException(source, "serial \"" + serial + "\" is not 8 hex digits (as benchhal hub discover "
                    + "prints it, for example BFABDDC4)");
        }
        AcronameModel model = model(spec, source);
        String python = spec.option("python").or(() -> Optional.ofNullable(context.environment().get(PYTHON_ENV)))
                .orElse("python3");
        Optional<String> via = spec.option("via");
        // a package directory on a lab host is a path there, not relative to the bench file here
        Optional<Path> pythonPath = spec.option("pythonPath").map(p -> via.isPresent() ? Path.of(p) : context.resolve(p));
        return new AcronameSettings(uri, serial.toUpperCase(Locale.ROOT), model, python, pythonPath,
                spec.durationOption("latency", Duration.ofSeconds(5)), spec.durationOption("startTimeout", Duration.ofSeconds(30)),
                spec.booleanOption("restart", true), via);
    }

    static AcronameModel model(DeviceSpec spec, String source) {
        String name = spec.option("model").orElse(AcronameModel.USBHUB3P.sdkName());
        return AcronameModel.byName(name).orElseThrow(() -> new ConfigException(source, "option model=" + name
                + ": expected one of " + java.util.Arrays.stream(AcronameModel.values()).map(AcronameModel::sdkName).toList()));
    }
}
