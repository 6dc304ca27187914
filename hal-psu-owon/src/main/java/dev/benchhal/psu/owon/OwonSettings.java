package dev.benchhal.psu.owon;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.spi.DeviceSpec;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The options of an {@code owon:} URI, validated.
 *
 * @param uri            the URI
 * @param timeout        how long a query may take
 * @param commandGap     the pause after each set command, before its read-back (the supplies need it)
 * @param openSettle     the pause after opening the port (the CH340 bridge settles)
 * @param safeOffOnClose switch every output off on close, on failure of the owner and at JVM exit
 * @param force          accept a device whose identity is not an Owon model the driver knows
 * @param model          the model to assume when forced, or to insist on
 * @param keepAlive      how often to re-send {@code SYST:REM} to keep the panel locked; zero for never
 * @param tolerance      how far a read-back may be from the value set (volts or amperes)
 */
public record OwonSettings(DeviceUri uri, Duration timeout, Duration commandGap, Duration openSettle,
                           boolean safeOffOnClose, boolean force, Optional<OwonModel> model, Duration keepAlive,
                           double tolerance) {

    static final Set<String> OPTIONS = Set.of("baud", "timeout", "commandGap", "openSettle", "safeOffOnClose", "force",
            "model", "keepAlive", "tolerance", "latency", "serial", "load", "resolve", "idn");

    /**
     * @param spec               URI and options
     * @param defaultOpenSettle  the settle time when the URI gives none
     * @param defaultCommandGap  the command gap when the URI gives none
     * @return the settings
     */
    public static OwonSettings from(DeviceSpec spec, Duration defaultOpenSettle, Duration defaultCommandGap) {
        String source = spec.uri().toString();
        spec.requireKnownOptions(OPTIONS);
        Optional<OwonModel> model = spec.option("model").map(m -> OwonModel.byName(m).orElseThrow(() ->
                new ConfigException(source, "option model=" + m + ": expected one of " + OwonModel.names())));
        double tolerance = spec.doubleOption("tolerance", 0.011);
        if (!(tolerance > 0)) {
            throw new ConfigException(source, "option tolerance=" + tolerance + ": expected a positive number");
        }
        return new OwonSettings(spec.uri(), spec.durationOption("timeout", Duration.ofSeconds(1)),
                spec.durationOption("commandGap", defaultCommandGap), spec.durationOption("openSettle", defaultOpenSettle),
                spec.booleanOption("safeOffOnClose", true), spec.booleanOption("force", false), model,
                spec.durationOption("keepAlive", Duration.ZERO), tolerance);
    }
}
