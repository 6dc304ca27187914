package dev.benchhal.spi;

import dev.benchhal.Device;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.safety.SafetyNet;
import dev.benchhal.time.BenchClock;
import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.util.Map;

/** The context of a device opened on its own: no other roles, its own safety net. */
final class StandaloneContext implements DriverContext {

    private final BenchClock clock;
    /** Made on first use: a device without a safe state never needs one (nor hal-core). */
    private @Nullable SafetyNet safetyNet;

    StandaloneContext(BenchClock clock) {
        this.clock = clock;
    }

    @Override
    public BenchClock clock() {
        return clock;
    }

    @Override
    public <T extends Device> T device(String role, Class<T> family) {
        throw new NotFoundException(role, "no bench: this device was opened on its own, so role \"" + role
                + "\" is not available; open it through a Bench");
    }

    @Override
    public synchronized SafetyNet safetyNet() {
        if (safetyNet == null) {
            safetyNet = SafetyNet.create("standalone");
        }
        return safetyNet;
    }

    @Override
    public Path baseDirectory() {
        return Path.of("").toAbsolutePath();
    }

    @Override
    public Map<String, String> environment() {
        return System.getenv();
    }

    @Override
    public Map<String, Object> topology() {
        return Map.of();
    }
}
