package dev.benchhal.lab;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The firmware built so far, and the builds that failed, by board type and variant. Thread-safe: the firmware
 * bartender's builders put, the scheduler reads.
 */
public final class FirmwareShelf {

    private final Map<String, Firmware> built = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /** An empty shelf. */
    public FirmwareShelf() {
    }

    /**
     * @param firmware a finished build
     */
    public void put(Firmware firmware) {
        built.put(firmware.label(), firmware);
        failed.remove(firmware.label());
    }

    /**
     * Records that a build failed: runs that need it cannot start, and the report says why.
     *
     * @param type    the board type
     * @param variant the variant, empty for the default
     * @param reason  one line: what failed
     */
    public void failed(String type, String variant, String reason) {
        failed.put(label(type, variant), reason);
    }

    /**
     * @param type    the board type
     * @param variant the variant, empty for the default
     * @return the built firmware, or empty while it is not built
     */
    public Optional<Firmware> get(String type, String variant) {
        return Optional.ofNullable(built.get(label(type, variant)));
    }

    /**
     * @param type    the board type
     * @param variant the variant, empty for the default
     * @return why its build failed, or empty when it did not fail
     */
    public Optional<String> failure(String type, String variant) {
        return Optional.ofNullable(failed.get(label(type, variant)));
    }

    /** @return every built firmware by label, sorted */
    public Map<String, Firmware> built() {
        return new TreeMap<>(built);
    }

    static String label(String type, String variant) {
        return variant.isEmpty() ? type : type + "-" + variant;
    }
}
