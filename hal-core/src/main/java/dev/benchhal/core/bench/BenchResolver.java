package dev.benchhal.core.bench;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Combines the sources of a bench configuration in order of precedence, highest first:
 * <ol>
 *   <li>explicit overrides given in code ({@link #override(String, String)});</li>
 *   <li>the environment: {@code BENCHHAL_<ROLE>_URI} replaces (or adds) one role's URI, and
 *       {@code BENCHHAL_TIME} ({@code auto}, {@code virtual}, {@code real}) the file's {@code time:};</li>
 *   <li>a bench file: the one given explicitly ({@link #file(Path)}, e.g. {@code --bench}), else
 *       the one {@code BENCHHAL_CONFIG} names, else {@code ./bench.yaml} when it exists;</li>
 *   <li>defaults given in code ({@link #defaults(BenchConfig)}).</li>
 * </ol>
 * A higher source replaces a role's entry of a lower one as a whole, except the environment,
 * which replaces the URI only and keeps the file's options. Not thread-safe; build, resolve, discard.
 */
public final class BenchResolver {

    /** The variable that names the bench file. */
    public static final String CONFIG_VARIABLE = "BENCHHAL_CONFIG";
    /** The variable that chooses the bench's clock, over the file's {@code time:}. */
    public static final String TIME_VARIABLE = "BENCHHAL_TIME";
    /** The file looked for in the working directory. */
    public static final String DEFAULT_FILE = "bench.yaml";

    private static final Pattern ROLE_VARIABLE = Pattern.compile("BENCHHAL_([A-Z][A-Z0-9_]*)_URI");

    private BenchConfig defaults = BenchConfig.empty();
    private Map<String, String> environment = System.getenv();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private Path explicitFile;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private BenchResolver() {
    }

    /** @return a resolver with the real environment and working directory and no defaults */
    public static BenchResolver create() {
        return new BenchResolver();
    }

    /**
     * @param config the lowest layer
     * @return this
     */
    public BenchResolver defaults(BenchConfig config) {
        this.defaults = Objects.requireNonNull(config);
        return this;
    }

    /**
     * @param env the environment to read (tests pass their own)
     * @return this
     */
    public BenchResolver environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    /**
     * @param dir where {@code ./bench.yaml} is looked for
     * @return this
     */
    public BenchResolver workingDirectory(Path dir) {
        this.workingDirectory = dir.toAbsolutePath();
        return this;
    }

    /**
     * @param file a bench file that takes precedence over {@code BENCHHAL_CONFIG}
     * @return this
     */
    public BenchResolver file(Path file) {
        this.explicitFile = file;
        return this;
    }

    /**
     * @param role the role
     * @param uri  the URI to use for it, over every other source
     * @return this
     */
    public BenchResolver override(String role, String uri) {
        overrides.put(role, uri);
        return this;
    }

    /**
     * Reads the file (if any) and applies the layers.
     *
     * @return the effective configuration
     * @throws ConfigException for a bad file, a bad override or a bad environment URI
     * @throws dev.benchhal.error.NotFoundException when an explicitly named file does not exist
     */
    public BenchConfig resolve() {
        BenchConfig config = defaults;
        Path file = chooseFile();
        if (file != null) {
            BenchConfig fromFile = BenchFiles.load(file);
            Map<String, DeviceConfig> merged = new LinkedHashMap<>(config.devices());
            merged.putAll(fromFile.devices());
            Map<String, Object> topology = fromFile.topology().isEmpty() ? config.topology() : fromFile.topology();
            config = new BenchConfig(fromFile.name(), merged, topology, fromFile.baseDirectory(), fromFile.time());
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(environment).entrySet()) {
            Matcher m = ROLE_VARIABLE.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            String role = m.group(1).toLowerCase(Locale.ROOT);
            String origin = "env " + e.getKey();
            checkUri(origin, e.getValue());
            DeviceConfig existing = config.devices().get(role);
            config = config.with(existing == null
                    ? new DeviceConfig(role, e.getValue(), Map.of(), DeviceConfig.DEFAULT_CLOSE_TIMEOUT, origin, null, 0)
                    : existing.withUri(e.getValue(), origin));
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            checkUri("override " + e.getKey(), e.getValue());
            if (!DeviceConfig.ROLE.matcher(e.getKey()).matches()) {
                throw new ConfigException("override", "role \"" + e.getKey() + "\": use lower case letters, digits and '_'");
            }
            config = config.with(DeviceConfig.of(e.getKey(), e.getValue()));
        }
        String time = environment.get(TIME_VARIABLE);
        if (time != null) {
            try {
                config = config.withTime(BenchTime.parse(time));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("env " + TIME_VARIABLE, e.getMessage(), e);
            }
        }
        return config;
    }

    private Path chooseFile() {
        if (explicitFile != null) {
            return explicitFile;
        }
        String named = environment.get(CONFIG_VARIABLE);
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            return p.isAbsolute() ? p : workingDirectory.resolve(p);
        }
        Path local = workingDirectory.resolve(DEFAULT_FILE);
        return Files.isRegularFile(local) ? local : null;
    }

    private static void checkUri(String origin, String uri) {
        try {
            DeviceUri.parse(uri);
        } catch (ConfigException e) {
            throw new ConfigException(origin, e.getMessage(), e);
        }
    }
}
