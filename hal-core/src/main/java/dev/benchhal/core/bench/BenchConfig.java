package dev.benchhal.core.bench;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bench as configuration: devices by role, topology bindings, and the directory relative
 * paths resolve against. Read one with {@link BenchFiles}, or combine the sources in order of
 * precedence with {@link BenchResolver}. Immutable.
 *
 * @param name          a name for logs, e.g. the file name
 * @param devices       devices by role, in file order
 * @param topology      free-form bindings as plain values (maps, lists, strings, numbers, booleans)
 * @param baseDirectory the directory relative paths in options resolve against
 * @param time          which clock the bench runs on ({@code time:} in the file; {@link BenchTime#AUTO} by default)
 */
public record BenchConfig(String name, Map<String, DeviceConfig> devices, Map<String, Object> topology,
                          Path baseDirectory, BenchTime time) {

    /**
     * Freezes the maps.
     *
     * @param name          a name for logs, e.g. the file name
     * @param devices       devices by role, in file order
     * @param topology      free-form bindings as plain values (maps, lists, strings, numbers, booleans)
     * @param baseDirectory the directory relative paths in options resolve against
     * @param time          which clock the bench runs on ({@code time:} in the file; {@link BenchTime#AUTO} by default)
     */
    public BenchConfig {
        Objects.requireNonNull(name, "name");
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        topology = Collections.unmodifiableMap(new LinkedHashMap<>(topology));
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        Objects.requireNonNull(time, "time");
    }

    /**
     * A bench whose clock is chosen from its devices ({@link BenchTime#AUTO}).
     *
     * @param name          a name for logs
     * @param devices       devices by role
     * @param topology      free-form bindings
     * @param baseDirectory the directory relative paths resolve against
     */
    public BenchConfig(String name, Map<String, DeviceConfig> devices, Map<String, Object> topology, Path baseDirectory) {
        this(name, devices, topology, baseDirectory, BenchTime.AUTO);
    }

    /** @return a bench with no devices, based in the working directory */
    public static BenchConfig empty() {
        return new BenchConfig("empty", Map.of(), Map.of(), Path.of("").toAbsolutePath());
    }

    /**
     * @param clock which clock the bench runs on
     * @return a copy with it
     */
    public BenchConfig withTime(BenchTime clock) {
        return new BenchConfig(name, devices, topology, baseDirectory, clock);
    }

    /**
     * @param role a role
     * @return its device, if configured
     */
    public Optional<DeviceConfig> device(String role) {
        return Optional.ofNullable(devices.get(role));
    }

    /**
     * @param device a device to add or replace
     * @return a copy with it
     */
    public BenchConfig with(DeviceConfig device) {
        Map<String, DeviceConfig> d = new LinkedHashMap<>(devices);
        d.put(device.role(), device);
        return new BenchConfig(name, d, topology, baseDirectory, time);
    }
}
