package dev.benchhal.safety;

import dev.benchhal.error.HalException;
import dev.benchhal.util.TimeBoxed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Holds the devices of a bench that have a {@link SafeState} and makes sure they reach it when
 * things go wrong: {@link #enterSafeStateAll(String)} on failure of the owning code, and a JVM
 * shutdown hook (installed while at least one device is registered) for {@code System.exit},
 * SIGTERM and SIGINT. Nothing can run on SIGKILL or power loss: that is what hardware
 * interlocks are for.
 *
 * <p>Each device gets a bounded time in the hook, so one hung device cannot keep the others
 * powered. Thread-safe.
 */
public final class SafetyNet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SafetyNet.class);

    private final String name;
    private final Duration perDeviceTimeout;
    private final Map<Registration, SafeState> devices = new LinkedHashMap<>();
    private Thread hook;
    private boolean closed;

    /**
     * @param name             for logs and the hook thread's name, e.g. the bench file name
     * @param perDeviceTimeout how long the shutdown hook waits for each device
     */
    public SafetyNet(String name, Duration perDeviceTimeout) {
        this.name = name;
        this.perDeviceTimeout = perDeviceTimeout;
    }

    /** @param name for logs and the hook thread's name; devices get 5 s each in the hook */
    public SafetyNet(String name) {
        this(name, Duration.ofSeconds(5));
    }

    /**
     * Registers a device. The driver closes the registration in its own {@code close()}, after it
     * has entered the safe state.
     *
     * @param label  what the device is, for logs: a role or URI
     * @param device the device
     * @return the registration to close when the device is closed
     */
    public synchronized Registration protect(String label, SafeState device) {
        if (closed) {
            throw new IllegalStateException("safety net " + name + " is closed");
        }
        Registration r = new Registration(label);
        devices.put(r, device);
        if (hook == null) {
            hook = new Thread(() -> enterSafeStateAll("JVM shutdown"), "benchhal-safety-" + name);
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return r;
    }

    /** @return how many devices are registered now */
    public synchronized int size() {
        return devices.size();
    }

    /**
     * Puts every registered device in its safe state, each on its own thread with the
     * per-device timeout, and logs every failure. Never throws: it is called while something else
     * has already gone wrong.
     *
     * @param reason why, for the log ("test failed", "JVM shutdown")
     * @return the failures, one per device that did not reach its safe state
     */
    public List<Throwable> enterSafeStateAll(String reason) {
        Map<Registration, SafeState> snapshot;
        synchronized (this) {
            snapshot = new LinkedHashMap<>(devices);
        }
        List<Throwable> failures = new ArrayList<>();
        for (Map.Entry<Registration, SafeState> e : snapshot.entrySet()) {
            Throwable t = enterWithTimeout(e.getKey().label(), e.getValue(), reason);
            if (t != null) {
                failures.add(t);
            }
        }
        return failures;
    }

    private Throwable enterWithTimeout(String label, SafeState device, String reason) {
        TimeBoxed.Outcome outcome = TimeBoxed.run("benchhal-safe-state-" + label, perDeviceTimeout, device::enterSafeState);
        if (outcome instanceof TimeBoxed.Outcome.Overran) {
            HalException t = new HalException(label, device.safeStateDescription() + " did not complete within "
                    + perDeviceTimeout.toMillis() + " ms (" + reason + ")");
            LOG.error("{}", t.getMessage());
            return t;
        }
        if (outcome instanceof TimeBoxed.Outcome.Failed f) {
            LOG.error("{}: could not reach {} ({}): {}", label, device.safeStateDescription(), reason, f.failure().toString());
            return f.failure();
        }
        LOG.warn("{}: {} ({})", label, device.safeStateDescription(), reason);
        return null;
    }

    /**
     * Runs {@code action}; if it throws, puts {@code device} in its safe state first and then
     * rethrows, with any failure of the safe state attached as suppressed.
     *
     * @param <T>    the action's result type
     * @param device the device to protect
     * @param action the code that owns the device
     * @return the action's result
     */
    public static <T> T guard(SafeState device, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException | Error e) {
            try {
                device.enterSafeState();
            } catch (RuntimeException safeFailure) {
                e.addSuppressed(safeFailure);
            }
            throw e;
        }
    }

    /**
     * Runs {@code action}; if it throws, puts {@code device} in its safe state first, then rethrows.
     *
     * @param device the device to protect
     * @param action the code that owns the device
     */
    public static void guard(SafeState device, Runnable action) {
        guard(device, () -> {
            action.run();
            return null;
        });
    }

    /** Deregisters everything and removes the shutdown hook; does not touch the devices. */
    @Override
    public synchronized void close() {
        closed = true;
        devices.clear();
        removeHook();
    }

    private synchronized void deregister(Registration r) {
        devices.remove(r);
        if (devices.isEmpty()) {
            removeHook();
        }
    }

    private void removeHook() {
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is shutting down and the hook runs or has run; nothing to remove
            }
        }
        hook = null;
    }

    @Override
    public String toString() {
        return "SafetyNet[" + name + ", " + size() + " devices]";
    }

    /** One device's place in the net; close it when the device is closed. */
    public final class Registration implements AutoCloseable {
        private final String label;

        private Registration(String label) {
            this.label = label;
        }

        /** @return the label given at registration */
        public String label() {
            return label;
        }

        /** Removes the device from the net; idempotent. */
        @Override
        public void close() {
            deregister(this);
        }
    }
}
