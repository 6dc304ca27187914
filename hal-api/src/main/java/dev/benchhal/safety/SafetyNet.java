package dev.benchhal.safety;

import dev.benchhal.error.NotFoundException;

import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Where the devices of a bench that have a {@link SafeState} register, so they reach it when
 * things go wrong: on failure of the owning code ({@link #guard(SafeState, Supplier)}) and from a
 * JVM shutdown hook. A driver registers its device when it opens it and closes the registration
 * in its own {@code close()}. The implementation (shutdown hook, a bounded time per device) is
 * hal-core's; {@link #create(String)} finds it. Thread-safe.
 */
public interface SafetyNet extends AutoCloseable {

    /**
     * Registers a device.
     *
     * @param label  what the device is, for logs: a role or URI
     * @param device the device
     * @return the registration to close when the device is closed
     */
    Registration protect(String label, SafeState device);

    /** Deregisters everything and gives up the shutdown hook; does not touch the devices. */
    @Override
    void close();

    /** One device's place in the net; close it when the device is closed. Idempotent. */
    interface Registration extends AutoCloseable {

        /** @return the label given at registration */
        String label();

        /** Removes the device from the net. */
        @Override
        void close();
    }

    /** Makes safety nets: hal-core provides the one with a shutdown hook (a service, as SLF4J finds its provider). */
    interface Factory {

        /**
         * @param name for logs and the hook thread's name
         * @return a new, empty net
         */
        SafetyNet create(String name);
    }

    /**
     * A new safety net from the implementation on the path.
     *
     * @param name for logs and the hook thread's name
     * @return a new, empty net
     * @throws NotFoundException when no implementation is installed (hal-core is not on the path)
     */
    static SafetyNet create(String name) {
        return ServiceLoader.load(Factory.class, SafetyNet.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(Factory.class).findFirst())
                .orElseThrow(() -> new NotFoundException("hal-core", "no safety net implementation is installed: put "
                        + "hal-core (dev.benchhal:hal-core) on the classpath or module path"))
                .create(name);
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
    static <T> T guard(SafeState device, Supplier<T> action) {
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
    static void guard(SafeState device, Runnable action) {
        guard(device, () -> {
            action.run();
            return null;
        });
    }
}
