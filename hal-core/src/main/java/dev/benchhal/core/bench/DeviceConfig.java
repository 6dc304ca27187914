package dev.benchhal.core.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One device of a bench: its role, URI and options, and where that came from, so errors that
 * surface when the device is opened can still name the file and line.
 *
 * @param role         the role, e.g. {@code psu}: lower case letters, digits and '_', starting with a letter
 * @param uri          the device URI as written
 * @param options      driver options as strings
 * @param closeTimeout how long {@link Bench#close()} waits for this device
 * @param origin       where this entry came from: {@code bench.yaml line 7}, {@code env BENCHHAL_PSU_URI}, {@code override}
 * @param file         the bench file, or {@code null} when the entry did not come from a file
 * @param line         the line of the {@code uri} value in {@code file}, or 0
 */
public record DeviceConfig(String role, String uri, Map<String, String> options, Duration closeTimeout, String origin,
                           String file, int line) {

    /** Role names: usable as environment variable parts ({@code BENCHHAL_<ROLE>_URI}) without ambiguity. */
    public static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]*");
    /** Close timeout when the bench file gives none. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Validates and freezes.
     *
     * @param role         the role, e.g. {@code psu}: lower case letters, digits and '_', starting with a letter
     * @param uri          the device URI as written
     * @param options      driver options as strings
     * @param closeTimeout how long {@link Bench#close()} waits for this device
     * @param origin       where this entry came from: {@code bench.yaml line 7}, {@code env BENCHHAL_PSU_URI}, {@code override}
     * @param file         the bench file, or {@code null} when the entry did not come from a file
     * @param line         the line of the {@code uri} value in {@code file}, or 0
     */
    public DeviceConfig {
        Objects.requireNonNull(role, "role");
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role \"" + role + "\": use lower case letters, digits and '_', starting with a letter");
        }
        Objects.requireNonNull(uri, "uri");
        options = Map.copyOf(options);
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * A device given in code, with no options.
     *
     * @param role the role
     * @param uri  the URI
     * @return the entry, origin {@code override}
     */
    public static DeviceConfig of(String role, String uri) {
        return new DeviceConfig(role, uri, Map.of(), DEFAULT_CLOSE_TIMEOUT, "override", null, 0);
    }

    /**
     * @param newUri  another URI
     * @param newOrigin where it came from
     * @return this entry with the URI replaced; options and timeout stay
     */
    public DeviceConfig withUri(String newUri, String newOrigin) {
        return new DeviceConfig(role, newUri, options, closeTimeout, newOrigin, null, 0);
    }

    /** @return the environment variable that overrides this role's URI: {@code BENCHHAL_<ROLE>_URI} */
    public String environmentVariable() {
        return environmentVariable(role);
    }

    /**
     * @param role a role
     * @return {@code BENCHHAL_<ROLE>_URI}
     */
    public static String environmentVariable(String role) {
        return "BENCHHAL_" + role.toUpperCase(java.util.Locale.ROOT) + "_URI";
    }
}
