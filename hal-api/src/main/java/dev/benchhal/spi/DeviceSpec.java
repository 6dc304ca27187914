package dev.benchhal.spi;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.util.Durations;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to open: a {@link DeviceUri} plus options, merged from the URI's parameters and the
 * bench file's {@code options} block. A key given in both places with different values is an
 * error, never a silent choice. Typed getters turn a bad value into a {@link ConfigException}
 * that names the URI, the option and what was expected.
 *
 * @param uri     the device URI
 * @param options every option, URI parameters included; unmodifiable
 * @param role    the bench role this device plays, or {@code null} when opened outside a bench
 */
public record DeviceSpec(DeviceUri uri, Map<String, String> options, @Nullable String role) {

    /**
     * Validates and freezes the spec; rejects inline secrets.
     *
     * @param uri     the device URI
     * @param options every option, URI parameters included; unmodifiable
     * @param role    the bench role this device plays, or {@code null} when opened outside a bench
     */
    public DeviceSpec {
        Objects.requireNonNull(uri, "uri");
        Map<String, String> merged = new LinkedHashMap<>(uri.parameters());
        for (Map.Entry<String, String> e : Objects.requireNonNull(options, "options").entrySet()) {
            String before = merged.putIfAbsent(e.getKey(), e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new ConfigException(uri.toString(), "option \"" + e.getKey() + "\" is " + before
                        + " in the URI but " + e.getValue() + " in the options; give it once");
            }
        }
        for (String key : merged.keySet()) {
            if (DeviceUri.isSecretName(key)) {
                throw new ConfigException(uri.toString(), "option \"" + key + "\" would hold a secret inline; use "
                        + key + "Env (an environment variable) or " + key + "File (a file) instead");
            }
        }
        options = Collections.unmodifiableMap(merged);
    }

    /**
     * @param uri a device URI
     * @return a spec with the URI's parameters as its only options
     */
    public static DeviceSpec of(String uri) {
        return new DeviceSpec(DeviceUri.parse(uri), Map.of(), null);
    }

    /** @return the URI's scheme, which picks the driver */
    public String scheme() {
        return uri.scheme();
    }

    /** @return the role if known, else the URI; for error messages and logs */
    public String label() {
        return role == null ? uri.toString() : role + " (" + uri + ")";
    }

    /**
     * @param key option name
     * @return its value, if given
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /**
     * @param key option name
     * @return its value
     * @throws ConfigException when the option is missing
     */
    public String requireOption(String key) {
        return option(key).orElseThrow(() -> new ConfigException(uri.toString(), "option \"" + key + "\" is required"));
    }

    /**
     * @param key      option name
     * @param fallback value when the option is absent
     * @return the integer value
     * @throws ConfigException when the value is not an integer
     */
    public int intOption(String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.decode(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    /**
     * @param key      option name
     * @param fallback value when the option is absent
     * @return the number
     * @throws ConfigException when the value is not a finite number
     */
    public double doubleOption(String key, double fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, v, "a finite number");
    }

    /**
     * @param key      option name
     * @param fallback value when the option is absent
     * @return the flag; {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0} are accepted
     * @throws ConfigException for any other value
     */
    public boolean booleanOption(String key, boolean fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    /**
     * @param key      option name
     * @param fallback value when the option is absent
     * @return the duration ({@code 250ms}, {@code 5s}, {@code PT1M}...)
     * @throws ConfigException when the value is not a duration
     */
    public Duration durationOption(String key, Duration fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "a duration such as 250ms or 5s");
        }
    }

    /**
     * Rejects options the driver does not know, so a typo ({@code buad=9600}) is an error rather
     * than a silently ignored setting.
     *
     * @param known the option names the driver reads
     * @throws ConfigException naming the unknown options and the known ones
     */
    public void requireKnownOptions(Set<String> known) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(known);
        unknown.removeIf(k -> k.endsWith("Env") || k.endsWith("File"));
        if (!unknown.isEmpty()) {
            throw new ConfigException(uri.toString(), "unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; " + uri.scheme() + " knows " + new TreeSet<>(known));
        }
    }

    private ConfigException bad(String key, String value, String expected) {
        return new ConfigException(uri.toString(), "option " + key + "=" + value + ": expected " + expected);
    }
}
