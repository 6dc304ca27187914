package dev.benchhal.safety;

/**
 * A device that can hurt the bench and has a safe state: a power supply's output off, a hub
 * port unpowered. Drivers of such devices implement this and register with a
 * {@link SafetyNet}, so the safe state is reached on {@code close()}, when the code that owns
 * the device fails, and from a JVM shutdown hook.
 */
public interface SafeState {

    /**
     * Puts the hardware in its safe state now. Idempotent, thread-safe and quick (bounded by the
     * driver's own I/O timeouts): it may be called from a shutdown hook while another thread
     * is inside the driver.
     *
     * @throws dev.benchhal.error.HalException when the device cannot be reached
     */
    void enterSafeState();

    /**
     * @return {@code true} when {@code close()} enters the safe state first (the default for
     *         supplies: {@code safeOffOnClose}), {@code false} when the user opted out
     */
    boolean safeStateOnClose();

    /** @return what the safe state is, for logs: "output off" */
    default String safeStateDescription() {
        return "safe state";
    }
}
