package dev.benchhal.core.safety;

import dev.benchhal.error.HalException;
import dev.benchhal.safety.SafeState;
import dev.benchhal.safety.SafetyNet;
import dev.benchhal.core.util.TimeBoxed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safety net: holds the devices of a bench that have a {@link SafeState} and makes sure they reach it when
 * things go wrong: {@link #enterSafeStateAll(String)} on failure of the owning code, and a JVM
 * shutdown hook (installed while at least one device is registered) for {@code System.exit},
 * SIGTERM and SIGINT. Nothing can run on SIGKILL or power loss: that is what hardware
 * interlocks are for.
 *
 * <p>Each device gets a bounded time in the hook, so one hung device cannot keep the others
 * powered. Thread-safe.
 */
public final class ShutdownSafetyNet implements SafetyNet {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSafetyNet.class);

    private final String name;
    private final Duration perDeviceTimeout;
    private final Map<Registration, SafeState> devices = new LinkedHashMap<>();
    private Thread hook;
    private boolean closed;

    /**
     * @param name             for logs and the hook thread's name, e.g. the bench file name
     * @param perDeviceTimeout how long the shutdown hook waits for each device
     */
    public ShutdownSafetyNet(String name, Duration perDeviceTimeout) {
        this.name = name;
        this.perDeviceTimeout = perDeviceTimeout;
    }

    /** @param name for logs and the hook thread's name; devices get 5 s each in the hook */
    public ShutdownSafetyNet(String name) {
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
    @Override
    public synchronized Registration protect(String label, SafeState device) {
        if (closed) {
            throw new IllegalStateException("safety net " + name + " is closed");
        }
        Place r = new Place(label);
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

    /** Deregisters everything and removes the shutdown hook; does not touch the devices. */
    @Override
    public synchronized void close() {
        closed = true;
        devices.clear();
        removeHook();
    }

    private synchronized void deregister(Place r) {
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
        return "ShutdownSafetyNet[" + name + ", " + size() + " devices]";
    }

    /** One device's place in the net; close it when the device is closed. */
    private final class Place implements Registration {
        private final String label;

        private Place(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        /** Removes the device from the net; idempotent. */
        @Override
        public void close() {
            deregister(this);
        }
    }

    /** The factory {@link SafetyNet#create(String)} finds: nets with a shutdown hook and 5 s per device. */
    public static final class Factory implements SafetyNet.Factory {

        /** Called by {@link java.util.ServiceLoader}. */
        public Factory() {
        }

        @Override
        public SafetyNet create(String name) {
            return new ShutdownSafetyNet(name);
        }
    }
}
