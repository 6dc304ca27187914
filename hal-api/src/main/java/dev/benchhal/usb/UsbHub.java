package dev.benchhal.usb;

import dev.benchhal.Device;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A USB hub with per-port power and data control (Acroname BrainStem hubs, simulators). Ports
 * are numbered 0..{@code portCount()-1} as the vendor numbers them.
 *
 * <pre>{@code
 * try (UsbHub hub = drivers.open("acroname:sim?ports=8", UsbHub.class)) {
 *     hub.powerCycle(2, Duration.ofSeconds(2));
 *     UsbPortState s = hub.portState(2);
 * }
 * }</pre>
 *
 * <p>A driver holds its hub exclusively ({@link dev.benchhal.error.BusyException} when another
 * process has it) and serializes access: thread-safe, one command at a time. Port numbers
 * outside the range throw {@link IllegalArgumentException} before anything is sent.
 */
public interface UsbHub extends Device {

    /** @return model, serial, firmware and port count */
    UsbHubInfo info();

    /** @return number of controllable ports */
    default int portCount() {
        return info().portCount();
    }

    /**
     * @param port 0-based port
     * @return the port's state flags and readbacks
     */
    UsbPortState portState(int port);

    /**
     * Enables or disables a port: VBUS and data together.
     *
     * @param port    0-based port
     * @param enabled {@code true} to enable
     */
    void setPortEnabled(int port, boolean enabled);

    /**
     * Switches VBUS alone.
     *
     * @param port 0-based port
     * @param on   {@code true} to power
     */
    void setPortPower(int port, boolean on);

    /**
     * Switches a port's data lines.
     *
     * @param port    0-based port
     * @param lane    USB 2 (hi-speed) or USB 3 (superspeed) data
     * @param enabled {@code true} to connect
     */
    void setDataEnabled(int port, UsbDataLane lane, boolean enabled);

    /**
     * @param port 0-based port
     * @return VBUS voltage in volts
     */
    double measurePortVoltage(int port);

    /**
     * @param port 0-based port
     * @return VBUS current in amperes
     */
    double measurePortCurrent(int port);

    /**
     * @param port 0-based port
     * @param amps the current limit
     */
    void setPortCurrentLimit(int port, double amps);

    /**
     * @param port 0-based port
     * @return the current limit in amperes
     */
    double portCurrentLimit(int port);

    /**
     * Powers a port off, waits {@code offTime} on the bench clock, powers it on again.
     *
     * @param port    0-based port
     * @param offTime how long VBUS stays off
     */
    void powerCycle(int port, Duration offTime);

    /** Resets the hub and reconnects to it; blocks until the hub answers again. */
    void reset();

    /**
     * Registers a listener for port power changes made through this device (and, for
     * simulators, by fault injection), so a simulated PCIe tree can react to its radio head
     * losing power. Listeners run on the thread that made the change, after it took effect.
     *
     * @param listener called with each change
     * @return the subscription; close it to stop listening
     */
    Subscription onPortPowerChange(Consumer<UsbPortEvent> listener);

    /** A listener registration; closing it removes the listener. */
    interface Subscription extends AutoCloseable {
        /** Removes the listener; idempotent. */
        @Override
        void close();
    }
}
