package dev.benchhal.core.bench;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.util.Durations;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads bench files, YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}):
 *
 * <pre>
 * name: ecu-bench-3            # optional, for logs
 * devices:
 *   psu:
 *     uri: owon:serial:///dev/ttyUSB0
 *     options: { idn: SPE6103 }
 *     closeTimeout: 5s         # optional, default 10s
 *   lin: lin-mock:?ldf=alm.ldf  # short form: just the URI
 * topology:                    # free-form bindings for harnesses
 *   radioHeads:
 *     - { name: rrh1, hubPort: 2, pcie: "0000:03:00.0", linkWidth: 4 }
 * </pre>
 *
 * <p>Every error is a {@link ConfigException} that names the file, the line and the key:
 * syntax errors, duplicate keys (a role given twice), unknown keys, values of the wrong kind,
 * malformed URIs, inline secrets.
 */
public final class BenchFiles {

    private static final Set<String> TOP_KEYS = Set.of("name", "version", "time", "devices", "topology");
    private static final Set<String> DEVICE_KEYS = Set.of("uri", "options", "closeTimeout");

    /** Bench files are small; a larger one is refused before it is read or parsed. */
    static final int MAX_BYTES = 1 << 20;

    private BenchFiles() {
    }

    private static ConfigException tooBig(String name, long size) {
        return new ConfigException(name, 0, null, "is " + size + " bytes; a bench file is at most 1 MiB", null);
    }

    /**
     * Reads a bench file; the format follows the extension ({@code .json} is JSON, anything else YAML).
     *
     * @param file the file
     * @return the configuration, based in the file's directory
     * @throws NotFoundException when the file does not exist
     * @throws ConfigException   when it cannot be read or is not a valid bench file
     */
    public static BenchConfig load(Path file) {
        String text = ConfigFile.readText(file, "bench file");
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir == null ? Path.of("").toAbsolutePath() : dir);
    }

    /**
     * Parses bench file text.
     *
     * @param text          the document
     * @param name          the file name for errors and logs; {@code .json} selects JSON, else YAML
     * @param baseDirectory the directory relative paths resolve against
     * @return the configuration
     * @throws ConfigException naming file, line and key when the text is not a valid bench file
     */
    public static BenchConfig parse(String text, String name, Path baseDirectory) {
        if (text.length() > MAX_BYTES) {
            throw tooBig(name, text.getBytes(StandardCharsets.UTF_8).length);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        Located root = Located.parse(name, text, json);
        if (!(root instanceof Located.MapNode top)) {
            throw new ConfigException(name, root.line(), null, "a bench file is a map with devices and topology, not "
                    + root.kind(), null);
        }
        for (Located.Entry e : top.entries().values()) {
            if (!TOP_KEYS.contains(e.key())) {
                throw new ConfigException(name, e.line(), e.key(), "unknown key \"" + e.key() + "\"; expected one of "
                        + sorted(TOP_KEYS), null);
            }
        }
        String benchName = name;
        Located.Entry nameEntry = top.entries().get("name");
        if (nameEntry != null) {
            benchName = scalarText(name, nameEntry, "name");
        }
        Located.Entry version = top.entries().get("version");
        if (version != null && !"1".equals(scalarText(name, version, "version"))) {
            throw new ConfigException(name, version.line(), "version", "bench file version "
                    + scalarText(name, version, "version") + " is not supported; this library reads version 1", null);
        }
        Map<String, DeviceConfig> devices = new LinkedHashMap<>();
        Located.Entry devs = top.entries().get("devices");
        if (devs != null && !(devs.value() instanceof Located.Scalar s && s.value() == null)) {
            if (!(devs.value() instanceof Located.MapNode dm)) {
                throw new ConfigException(name, devs.line(), "devices", "expected a map of role to device, got "
                        + devs.value().kind(), null);
            }
            for (Located.Entry d : dm.entries().values()) {
                devices.put(d.key(), device(name, d));
            }
        }
        Map<String, Object> topology = Map.of();
        Located.Entry topo = top.entries().get("topology");
        if (topo != null && !(topo.value() instanceof Located.Scalar s && s.value() == null)) {
            if (!(topo.value() instanceof Located.MapNode)) {
                throw new ConfigException(name, topo.line(), "topology", "expected a map, got " + topo.value().kind(), null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) Located.plain(topo.value());
            topology = t;
        }
        BenchTime time = BenchTime.AUTO;
        Located.Entry timeEntry = top.entries().get("time");
        if (timeEntry != null) {
            try {
                time = BenchTime.parse(scalarText(name, timeEntry, "time"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, timeEntry.line(), "time", e.getMessage(), null);
            }
        }
        return new BenchConfig(benchName, devices, topology, baseDirectory, time);
    }

    private static DeviceConfig device(String file, Located.Entry d) {
        String role = d.key();
        String key = "devices." + role;
        if (!DeviceConfig.ROLE.matcher(role).matches()) {
            throw new ConfigException(file, d.line(), key, "role \"" + role
                    + "\": use lower case letters, digits and '_', starting with a letter", null);
        }
        if (d.value() instanceof Located.Scalar s && s.value() instanceof String uri) {
            checkUri(file, s.line(), key, uri);
            return new DeviceConfig(role, uri, Map.of(), DeviceConfig.DEFAULT_CLOSE_TIMEOUT, file + " line " + s.line(), file, s.line());
        }
        if (!(d.value() instanceof Located.MapNode m)) {
            throw new ConfigException(file, d.line(), key, "expected a URI or a map with uri and options, got "
                    + d.value().kind(), null);
        }
        for (Located.Entry e : m.entries().values()) {
            if (!DEVICE_KEYS.contains(e.key())) {
                throw new ConfigException(file, e.line(), key + "." + e.key(), "unknown key \"" + e.key()
                        + "\"; a device has " + sorted(DEVICE_KEYS), null);
            }
        }
        Located.Entry uriEntry = m.entries().get("uri");
        if (uriEntry == null) {
            throw new ConfigException(file, d.line(), key + ".uri", "device \"" + role + "\" has no uri", null);
        }
        String uri = scalarText(file, uriEntry, key + ".uri");
        int uriLine = uriEntry.value().line();
        checkUri(file, uriLine, key + ".uri", uri);
        Map<String, String> options = new LinkedHashMap<>();
        Located.Entry opts = m.entries().get("options");
        if (opts != null && !(opts.value() instanceof Located.Scalar s && s.value() == null)) {
            if (!(opts.value() instanceof Located.MapNode om)) {
                throw new ConfigException(file, opts.line(), key + ".options", "expected a map of option to value, got "
                        + opts.value().kind(), null);
            }
            for (Located.Entry o : om.entries().values()) {
                String okey = key + ".options." + o.key();
                if (DeviceUri.isSecretName(o.key())) {
                    throw new ConfigException(file, o.line(), okey, "secrets are never written in a bench file; use "
                            + o.key() + "Env (an environment variable) or " + o.key() + "File (a file)", null);
                }
                options.put(o.key(), scalarText(file, o, okey));
            }
        }
        Duration closeTimeout = DeviceConfig.DEFAULT_CLOSE_TIMEOUT;
        Located.Entry ct = m.entries().get("closeTimeout");
        if (ct != null) {
            String text = scalarText(file, ct, key + ".closeTimeout");
            try {
                closeTimeout = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, ct.line(), key + ".closeTimeout", e.getMessage(), e);
            }
        }
        return new DeviceConfig(role, uri, options, closeTimeout, file + " line " + uriLine, file, uriLine);
    }

    private static void checkUri(String file, int line, String key, String uri) {
        try {
            DeviceUri.parse(uri);
        } catch (ConfigException e) {
            throw new ConfigException(file, line, key, e.getMessage(), e);
        }
    }

    private static String scalarText(String file, Located.Entry e, String key) {
        if (!(e.value() instanceof Located.Scalar s) || s.value() == null) {
            throw new ConfigException(file, e.line(), key, "expected a single value, got " + e.value().kind(), null);
        }
        return s.text();
    }

    private static String sorted(Set<String> keys) {
        return new java.util.TreeSet<>(keys).toString();
    }
}
