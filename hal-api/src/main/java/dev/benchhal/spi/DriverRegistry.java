package dev.benchhal.spi;

import dev.benchhal.Device;
import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.UnsupportedFeatureException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The installed drivers, found with {@link ServiceLoader} and chosen by URI scheme, JDBC-style
 * but instance-scoped: there is no global static registry, so two benches (or two tests) never
 * see each other's drivers.
 *
 * <pre>{@code
 * DriverRegistry drivers = DriverRegistry.load();
 * try (PowerSupply psu = drivers.open("owon:sim:SPE6103", PowerSupply.class)) { ... }
 * }</pre>
 *
 * <p>An unknown scheme, a scheme two providers claim, or a provider of another family is a
 * {@link ConfigException} that lists what is installed. A scheme claimed twice is logged when
 * the registry loads and fails only when it is used, so one bad jar does not break unrelated
 * devices. Thread-safe and immutable after construction.
 */
public final class DriverRegistry {

    /**
     * The logger, made when first used: SLF4J's start (the first search of the whole class path, the binding's set-up)
     * is the larger part of loading the registry when nothing goes wrong (benchmarks/startup, {@code benchhal drivers}).
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(DriverRegistry.class);
    }

    private final Map<String, List<DriverProvider<?>>> byScheme;
    /** Schemes whose provider was built for an incompatible API, with the reason. */
    private final Map<String, String> incompatible;
    private final List<String> problems;

    /** Providers by scheme: a class, not a lambda (see the constructor). */
    private static final Comparator<DriverProvider<?>> BY_SCHEME = new BySchemeOrder();

    private DriverRegistry(Collection<? extends DriverProvider<?>> providers, List<String> problems) {
        Map<String, List<DriverProvider<?>>> map = new LinkedHashMap<>();
        List<DriverProvider<?>> sorted = new ArrayList<>(providers);
        sorted.sort(BY_SCHEME);
        List<String> all = new ArrayList<>(problems);
        Map<String, String> incompatible = new LinkedHashMap<>();
        // loops, not lambdas, on the way of every load: a lambda's first use costs milliseconds at start-up
        for (DriverProvider<?> p : sorted) {
            String mismatch = apiMismatch(p);
            if (mismatch != null) {
                Log.LOG.error("{}", mismatch);
                all.add(mismatch);
                incompatible.put(p.scheme(), mismatch);
                continue;
            }
            String scheme = p.scheme();
            if (scheme == null || p.family() == null) {
                throw new NullPointerException(p.getClass().getName() + (scheme == null ? ".scheme()" : ".family()")
                        + " returned null");
            }
            List<DriverProvider<?>> same = map.get(scheme);
            if (same == null) {
                same = new ArrayList<>();
                map.put(scheme, same);
            }
            same.add(p);
        }
        for (Map.Entry<String, List<DriverProvider<?>>> e : map.entrySet()) {
            if (e.getValue().size() > 1) {
                String msg = duplicateMessage(e.getKey(), e.getValue());
                Log.LOG.warn("{}", msg);
                all.add(msg);
            }
        }
        this.byScheme = map;
        this.incompatible = Map.copyOf(incompatible);
        this.problems = List.copyOf(all);
    }

    /**
     * @param p a provider
     * @return why it cannot be used with this API (built for an incompatible version), or {@code null}
     */
    static @Nullable String apiMismatch(DriverProvider<?> p) {
        @Nullable String wanted;
        try {
            wanted = p.apiVersion();
        } catch (AbstractMethodError | NoSuchMethodError e) {
            wanted = null;
        }
        if (wanted == null) {
            Log.LOG.warn("driver {} ({}) does not say which driver API it was built for; this is API {}", p.getClass().getName(),
                    origin(p.getClass()), DriverProvider.API_VERSION);
            return null;
        }
        if (compatible(wanted, DriverProvider.API_VERSION)) {
            return null;
        }
        return "driver " + p.getClass().getName() + " from " + origin(p.getClass()) + " (scheme \"" + p.scheme()
                + "\") was built for Bench HAL driver API " + wanted + ", but this is API " + DriverProvider.API_VERSION
                + "; use a version of the driver built for " + DriverProvider.API_VERSION;
    }

    /**
     * @param wanted  the version a provider was built for
     * @param current this API's version
     * @return {@code true} when a provider built for {@code wanted} runs on {@code current}: the same
     *         major version and a minor version not newer (before 1.0: the same minor version)
     */
    public static boolean compatible(String wanted, String current) {
        int[] w = parseVersion(wanted);
        int[] c = parseVersion(current);
        if (w == null || c == null || w[0] != c[0]) {
            return false;
        }
        return c[0] == 0 ? w[1] == c[1] : w[1] <= c[1];
    }

    private static int @Nullable [] parseVersion(String v) {
        String[] parts = v.strip().split("\\.", -1);
        try {
            return parts.length < 2 ? null : new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Loads the providers visible to the thread's context class loader (or this library's
     * loader when there is none): named modules on the module path through their
     * {@code provides} clauses, and jars on the classpath through {@code META-INF/services}.
     *
     * @return the registry
     */
    public static DriverRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : DriverRegistry.class.getClassLoader());
    }

    /**
     * @param loader the class loader to search
     * @return the providers that loader sees
     */
    public static DriverRegistry load(ClassLoader loader) {
        return fromLoader(ServiceLoader.load(DriverProvider.class, loader));
    }

    /**
     * @param layer a module layer (and its parents) to search
     * @return the providers that layer provides
     */
    public static DriverRegistry load(ModuleLayer layer) {
        return fromLoader(ServiceLoader.load(layer, DriverProvider.class));
    }

    /**
     * A registry of exactly these providers, for tests and embedding.
     *
     * @param providers the providers
     * @return the registry
     */
    public static DriverRegistry of(DriverProvider<?>... providers) {
        return new DriverRegistry(List.of(providers), List.of());
    }

    @SuppressWarnings("rawtypes")
    private static DriverRegistry fromLoader(ServiceLoader<DriverProvider> loader) {
        List<DriverProvider<?>> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Iterator<DriverProvider> it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                // A broken provider must not hide the working ones: report it and go on.
                String msg = "a driver provider could not be loaded: " + e.getMessage()
                        + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
                Log.LOG.error("{}", msg);
                problems.add(msg);
            }
        }
        return new DriverRegistry(found, problems);
    }

    /** @return every installed provider, sorted by scheme, duplicates included */
    public List<ProviderInfo> installed() {
        List<ProviderInfo> out = new ArrayList<>();
        for (List<DriverProvider<?>> list : byScheme.values()) {
            for (DriverProvider<?> p : list) {
                out.add(info(p));
            }
        }
        return List.copyOf(out);
    }

    /** @return what went wrong while loading: broken providers, schemes claimed twice; empty when all is well */
    public List<String> problems() {
        return problems;
    }

    /**
     * @param scheme a URI scheme
     * @return the one provider of that scheme
     * @throws ConfigException when the scheme is unknown or claimed by two providers; the message lists what is installed
     */
    public DriverProvider<?> provider(String scheme) {
        return provider(scheme, scheme + ":");
    }

    /** @param source what the error names: the whole URI (or role) when the caller has it */
    private DriverProvider<?> provider(String scheme, String source) {
        List<DriverProvider<?>> list = byScheme.get(scheme);
        if (list == null && incompatible.containsKey(scheme)) {
            throw new ConfigException(source, incompatible.get(scheme));
        }
        if (list == null) {
            String artifact = knownArtifact(scheme);
            throw new ConfigException(source, artifact != null
                    ? "the driver for \"" + scheme + "\" is not installed: add the dependency " + artifact
                    + " (installed: " + installedSummary() + ")"
                    : "unknown scheme \"" + scheme + "\"; installed: " + installedSummary());
        }
        if (list.size() > 1) {
            throw new ConfigException(source, duplicateMessage(scheme, list));
        }
        return list.get(0);
    }

    /** @return the artifact of this project that has a driver for the scheme, or null */
    private static @Nullable String knownArtifact(String scheme) {
        Properties known = new Properties();
        try (InputStream in = DriverRegistry.class.getResourceAsStream("known-drivers.properties")) {
            if (in != null) {
                known.load(in);
            }
        } catch (IOException e) {
            Log.LOG.debug("cannot read the table of known drivers: {}", e.toString());
        }
        return known.getProperty(scheme);
    }

    /**
     * @param <T>    the family
     * @param scheme a URI scheme
     * @param family the family the caller needs
     * @return the provider, checked to open that family
     * @throws ConfigException when the scheme is unknown, ambiguous, or opens another family
     */
    @SuppressWarnings("unchecked")
    public <T extends Device> DriverProvider<T> provider(String scheme, Class<T> family) {
        return provider(scheme, family, scheme + ":");
    }

    @SuppressWarnings("unchecked")
    private <T extends Device> DriverProvider<T> provider(String scheme, Class<T> family, String source) {
        DriverProvider<?> p = provider(scheme, source);
        if (!family.isAssignableFrom(p.family())) {
            throw new ConfigException(source, "scheme \"" + scheme + "\" opens a " + p.family().getSimpleName()
                    + ", not a " + family.getSimpleName() + "; installed " + family.getSimpleName() + " schemes: "
                    + schemesOf(family));
        }
        return (DriverProvider<T>) p;
    }

    /**
     * Opens a device outside a bench, with {@link DriverContext#standalone()}.
     *
     * @param <T>    the family
     * @param uri    the device URI
     * @param family the family expected
     * @return the open device; the caller closes it
     */
    public <T extends Device> T open(String uri, Class<T> family) {
        return open(DeviceSpec.of(uri), family, DriverContext.standalone());
    }

    /**
     * Opens a device of a given family.
     *
     * @param <T>     the family
     * @param spec    URI and options
     * @param family  the family expected
     * @param context the bench context
     * @return the open device; the caller closes it
     * @throws ConfigException             for an unknown scheme, a wrong family or bad options (also a
     *                                     value the driver refused with an {@link IllegalArgumentException})
     * @throws UnsupportedFeatureException when the driver cannot run on this machine (a native library or
     *                                     a class it needs is missing)
     * @throws HalException                when the driver fails to open the device
     */
    public <T extends Device> T open(DeviceSpec spec, Class<T> family, DriverContext context) {
        DriverProvider<T> p = provider(spec.scheme(), family, spec.label());
        T device;
        try {
            device = p.open(spec, context);
        } catch (IllegalArgumentException e) {
            // a value the driver refused while it read the URI and its options: the user's configuration
            throw new ConfigException(spec.label(), String.valueOf(e.getMessage()), e);
        } catch (LinkageError e) {
            // a native library or a class the driver needs is missing on this machine
            throw new UnsupportedFeatureException(spec.label(), "driver \"" + spec.scheme() + "\" ("
                    + p.getClass().getName() + ") cannot run here: " + e, e);
        }
        if (device == null || !family.isInstance(device)) {
            throw new HalException(spec.label(), p.getClass().getName() + " returned "
                    + (device == null ? "null" : device.getClass().getName()) + " instead of a " + family.getSimpleName());
        }
        return device;
    }

    /**
     * Asks every provider of a family what is present now.
     *
     * @param family  the family
     * @param context the context
     * @return what was found; a provider that fails is logged and skipped
     */
    public List<DiscoveredDevice> discover(Class<? extends Device> family, DriverContext context) {
        return discover(family, context, (scheme, e) -> Log.LOG.warn("discovery by {} failed: {}", scheme, e.toString()));
    }

    /**
     * Asks every installed provider of a family what it finds now; one driver's failure (no USB
     * subsystem, a native library missing) does not hide what the others find. Discovery opens nothing.
     *
     * @param family  the family, {@code Device.class} for all
     * @param context the context discovery runs in
     * @param failed  told the scheme and the failure of each provider whose discovery failed
     * @return what was found, in scheme order
     */
    public List<DiscoveredDevice> discover(Class<? extends Device> family, DriverContext context,
                                           java.util.function.BiConsumer<String, RuntimeException> failed) {
        List<DiscoveredDevice> out = new ArrayList<>();
        for (List<DriverProvider<?>> list : byScheme.values()) {
            for (DriverProvider<?> p : list) {
                if (family.isAssignableFrom(p.family())) {
                    try {
                        out.addAll(p.discover(context));
                    } catch (RuntimeException e) {
                        failed.accept(p.scheme(), e);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Checks a URI against the installed providers without opening anything.
     *
     * @param uri    the URI
     * @param family the family expected
     * @throws ConfigException as {@link #provider(String, Class)} does
     */
    public void check(DeviceUri uri, Class<? extends Device> family) {
        provider(uri.scheme(), family);
    }

    private String schemesOf(Class<?> family) {
        String s = byScheme.values().stream().flatMap(List::stream)
                .filter(p -> family.isAssignableFrom(p.family()))
                .map(DriverProvider::scheme).distinct().collect(Collectors.joining(", "));
        return s.isEmpty() ? "none" : s;
    }

    private String installedSummary() {
        if (byScheme.isEmpty()) {
            return "none (no driver module on the classpath or module path)";
        }
        return byScheme.values().stream().flatMap(List::stream)
                .map(p -> p.scheme() + " (" + p.family().getSimpleName() + ")")
                .distinct().collect(Collectors.joining(", "));
    }

    private static String duplicateMessage(String scheme, List<DriverProvider<?>> list) {
        return "scheme \"" + scheme + "\" is claimed by " + list.size() + " providers: "
                + list.stream().map(p -> p.getClass().getName() + " from " + origin(p.getClass()))
                .collect(Collectors.joining(" and ")) + "; keep one of them on the path";
    }

    private static final class BySchemeOrder implements Comparator<DriverProvider<?>> {
        @Override
        public int compare(DriverProvider<?> a, DriverProvider<?> b) {
            String x = a.scheme();
            String y = b.scheme();
            return x == null || y == null ? Boolean.compare(x != null, y != null) : x.compareTo(y); // null: named below

        }
    }

    static ProviderInfo info(DriverProvider<?> p) {
        Class<?> c = p.getClass();
        Module m = c.getModule();
        String version = m.isNamed() && m.getDescriptor() != null
                && m.getDescriptor().version().isPresent() ? m.getDescriptor().version().get().toString() : null;
        if (version == null && c.getPackage() != null) {
            version = c.getPackage().getImplementationVersion();
        }
        return new ProviderInfo(p.scheme(), p.family().getSimpleName(), c.getName(), origin(c),
                version == null ? "unknown" : version, p.description());
    }

    private static String origin(Class<?> c) {
        Module m = c.getModule();
        if (m.isNamed()) {
            return m.getName();
        }
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        if (url == null) {
            return "unknown";
        }
        try {
            Path p = Path.of(url.toURI());
            return p.getFileName() != null ? p.getFileName().toString() : p.toString();
        } catch (Exception e) {
            return url.toString();
        }
    }

    @Override
    public String toString() {
        return "DriverRegistry[" + installedSummary() + "]";
    }
}
