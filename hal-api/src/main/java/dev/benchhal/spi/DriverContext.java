package dev.benchhal.spi;

import dev.benchhal.Device;
import dev.benchhal.Secret;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.safety.SafetyNet;
import dev.benchhal.time.BenchClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider gets besides the spec when it opens a device: the bench clock, the other
 * devices of the same bench by role (so composed devices are configuration, not code), the
 * safety net, secrets, the directory relative paths resolve against, and the topology bindings.
 *
 * <p>{@link #standalone()} gives a context for a device opened on its own, outside a bench.
 */
public interface DriverContext {

    /** @return the bench clock; all waiting inside the driver goes through it */
    BenchClock clock();

    /**
     * Opens (or returns the already open) device of another role of the same bench.
     *
     * @param <T>    the family
     * @param role   the role, e.g. {@code rig}
     * @param family the family interface expected
     * @return the device; owned by the bench, not by the caller
     * @throws NotFoundException when there is no such role (or no bench)
     * @throws ConfigException   when the role's device is of another family
     */
    <T extends Device> T device(String role, Class<T> family);

    /** @return the safety net devices with a safe state register with */
    SafetyNet safetyNet();

    /** @return the directory relative paths in options resolve against (the bench file's directory) */
    Path baseDirectory();

    /** @return the environment secrets are read from ({@link System#getenv()} unless a test replaces it) */
    Map<String, String> environment();

    /** @return the bench's topology bindings as plain values (maps, lists, strings, numbers, booleans) */
    Map<String, Object> topology();

    /**
     * Resolves a path option against {@link #baseDirectory()}.
     *
     * @param path the path as written
     * @return the absolute, normalized path
     */
    default Path resolve(String path) {
        return baseDirectory().resolve(path).toAbsolutePath().normalize();
    }

    /**
     * Reads a secret named by the spec: option {@code NAMEEnv} names an environment variable,
     * {@code NAMEFile} a file (first line, trailing line break removed). Inline values are
     * rejected by {@link DeviceSpec} already.
     *
     * @param spec the device spec
     * @param name the secret's name, e.g. {@code passphrase}
     * @return the secret, or empty when the spec names none
     * @throws ConfigException when the named variable is unset or the file cannot be read
     */
    default Optional<Secret> secret(DeviceSpec spec, String name) {
        Optional<String> env = spec.option(name + "Env");
        Optional<String> file = spec.option(name + "File");
        if (env.isPresent() && file.isPresent()) {
            throw new ConfigException(spec.uri().toString(), "give " + name + "Env or " + name + "File, not both");
        }
        if (env.isPresent()) {
            String value = environment().get(env.get());
            if (value == null) {
                throw new ConfigException(spec.uri().toString(), name + "Env names environment variable "
                        + env.get() + ", which is not set");
            }
            return Optional.of(new Secret(name, "env " + env.get(), value.toCharArray()));
        }
        if (file.isPresent()) {
            Path p = resolve(file.get());
            try {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String first = nl < 0 ? text : text.substring(0, nl);
                if (first.endsWith("\r")) {
                    first = first.substring(0, first.length() - 1);
                }
                return Optional.of(new Secret(name, "file " + p, first.toCharArray()));
            } catch (IOException e) {
                throw new ConfigException(spec.uri().toString(), name + "File " + p + " cannot be read: " + e, e);
            }
        }
        return Optional.empty();
    }

    /** @return a context for opening one device outside a bench: system clock, working directory, real environment */
    static DriverContext standalone() {
        return standalone(BenchClock.system());
    }

    /**
     * @param clock the clock to use
     * @return a context for opening one device outside a bench
     */
    static DriverContext standalone(BenchClock clock) {
        return new StandaloneContext(Objects.requireNonNull(clock, "clock"));
    }
}
