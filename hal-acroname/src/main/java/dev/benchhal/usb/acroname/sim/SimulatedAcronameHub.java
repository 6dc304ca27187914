package dev.benchhal.usb.acroname.sim;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.time.BenchClock;
import dev.benchhal.usb.UsbDataLane;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbHubInfo;
import dev.benchhal.usb.UsbPortEvent;
import dev.benchhal.usb.UsbPortFlag;
import dev.benchhal.usb.UsbPortState;
import dev.benchhal.usb.acroname.AcronameModel;
import dev.benchhal.usb.acroname.PortListeners;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code acroname:sim?ports=8}: an Acroname hub in memory. Ports start enabled (VBUS, USB 2 and 3
 * data) with a 2 A current limit. A test attaches loads ({@link #attachDevice(int, double)}): a
 * powered port with a device reports 5.0 V and the device's current; a device drawing more than the
 * limit trips the port (VBUS off, ERROR flag) as the real hub's over-current protection does.
 * Power changes reach the listeners, which is how a simulated PCIe tree makes a radio head behind
 * a port vanish and come back. Reset restores every port to its start state. Thread-safe.
 */
public final class SimulatedAcronameHub implements UsbHub {

    private static final double VBUS_VOLTS = 5.0;

    private final DeviceUri uri;
    private final UsbHubInfo info;
    private final BenchClock clock;
    private final PortListeners listeners = new PortListeners();
    private final Port[] ports;
    private volatile boolean closed;

    private static final class Port {
        boolean vbus = true;
        boolean usb2 = true;
        boolean usb3 = true;
        boolean error;
        double limitAmps = 2.0;
        double loadAmps = -1;     // < 0: no device
    }

    /**
     * @param uri    the URI it reports
     * @param model  the model it imitates
     * @param ports  its port count (the model's, or another for tests)
     * @param serial its serial number (8 hex digits)
     * @param clock  the bench clock (power cycles wait on it)
     */
    public SimulatedAcronameHub(DeviceUri uri, AcronameModel model, int ports, String serial, BenchClock clock) {
        this.uri = Objects.requireNonNull(uri, "uri");
        if (ports < 1 || ports > 32) {
            throw new IllegalArgumentException("a simulated hub has 1..32 ports, not " + ports);
        }
        this.info = new UsbHubInfo(model.sdkName(), serial, "sim", ports);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ports = new Port[ports];
        for (int i = 0; i < ports; i++) {
            this.ports[i] = new Port();
        }
    }

    /**
     * Plugs a device into a port.
     *
     * @param port 0-based port
     * @param amps the current it draws while powered
     */
    public void attachDevice(int port, double amps) {
        boolean tripped;
        synchronized (this) {
            Port p = port(port);
            p.loadAmps = amps;
            tripped = checkOverCurrent(p);
        }
        if (tripped) {
            fire(port, false);
        }
    }

    /** @param port 0-based port whose device is unplugged */
    public synchronized void detachDevice(int port) {
        port(port).loadAmps = -1;
    }

    @Override
    public DeviceUri uri() {
        return uri;
    }

    @Override
    public UsbHubInfo info() {
        return info;
    }

    @Override
    public synchronized UsbPortState portState(int port) {
        Port p = port(port);
        EnumSet<UsbPortFlag> flags = EnumSet.noneOf(UsbPortFlag.class);
        if (p.vbus) {
            flags.add(UsbPortFlag.VBUS_ON);
        }
        if (p.usb2) {
            flags.add(UsbPortFlag.USB2_DATA_ON);
        }
        if (p.usb3) {
            flags.add(UsbPortFlag.USB3_DATA_ON);
        }
        if (p.error) {
            flags.add(UsbPortFlag.ERROR);
        }
        if (p.vbus && p.loadAmps >= 0) {
            flags.add(UsbPortFlag.DEVICE_ATTACHED);
        }
        return new UsbPortState(port, flags, volts(p), amps(p));
    }

    @Override
    public void setPortEnabled(int port, boolean enabled) {
        boolean changed;
        boolean tripped = false;
        synchronized (this) {
            Port p = port(port);
            changed = p.vbus != enabled;
            p.vbus = enabled;
            p.usb2 = enabled;
            p.usb3 = enabled;
            if (enabled) {
                p.error = false;
                tripped = checkOverCurrent(p);
            }
        }
        if (changed) {
            fire(port, enabled);
        }
        if (tripped) {
            fire(port, false);
        }
    }

    @Override
    public void setPortPower(int port, boolean on) {
        boolean changed;
        boolean tripped = false;
        synchronized (this) {
            Port p = port(port);
            changed = p.vbus != on;
            p.vbus = on;
            if (on) {
                p.error = false;
                tripped = checkOverCurrent(p);
            }
        }
        if (changed) {
            fire(port, on);
        }
        if (tripped) {
            fire(port, false);
        }
    }

    @Override
    public synchronized void setDataEnabled(int port, UsbDataLane lane, boolean enabled) {
        Port p = port(port);
        if (lane == UsbDataLane.USB2) {
            p.usb2 = enabled;
        } else {
            p.usb3 = enabled;
        }
    }

    @Override
    public synchronized double measurePortVoltage(int port) {
        return volts(port(port));
    }

    @Override
    public synchronized double measurePortCurrent(int port) {
        return amps(port(port));
    }

    @Override
    public void setPortCurrentLimit(int port, double amps) {
        if (!(amps >= 0 && amps <= 3.0)) {
            throw new IllegalArgumentException(uri + ": current limit " + amps + " A is outside 0..3 A");
        }
        boolean tripped;
        synchronized (this) {
            Port p = port(port);
            p.limitAmps = amps;
            tripped = checkOverCurrent(p);
        }
        if (tripped) {
            fire(port, false);
        }
    }

    @Override
    public synchronized double portCurrentLimit(int port) {
        return port(port).limitAmps;
    }

    @Override
    public void powerCycle(int port, Duration offTime) {
        setPortPower(port, false);
        clock.sleep(offTime);
        setPortPower(port, true);
    }

    @Override
    public void reset() {
        boolean[] powered = new boolean[ports.length];
        synchronized (this) {
            requireOpen();
            for (int i = 0; i < ports.length; i++) {
                powered[i] = ports[i].vbus;
                double load = ports[i].loadAmps;
                ports[i] = new Port();
                ports[i].loadAmps = load;
            }
        }
        for (int i = 0; i < ports.length; i++) {
            if (!powered[i]) {
                fire(i, true);
            }
        }
    }

    @Override
    public Subscription onPortPowerChange(Consumer<UsbPortEvent> listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        closed = true;
    }

    private boolean checkOverCurrent(Port p) {
        if (p.vbus && p.loadAmps > p.limitAmps) {
            p.vbus = false;
            p.error = true;
            return true;
        }
        return false;
    }

    private static double volts(Port p) {
        return p.vbus ? VBUS_VOLTS : 0.0;
    }

    private static double amps(Port p) {
        return p.vbus && p.loadAmps > 0 ? p.loadAmps : 0.0;
    }

    private void fire(int port, boolean powered) {
        listeners.fire(new UsbPortEvent(info.serial(), port, powered, clock.now()));
    }

    private Port port(int port) {
        requireOpen();
        if (port < 0 || port >= ports.length) {
            throw new IllegalArgumentException(uri + ": port " + port + " is outside 0.." + (ports.length - 1)
                    + " (" + ports.length + " ports)");
        }
        return ports[port];
    }

    private void requireOpen() {
        if (closed) {
            throw new DisconnectedException(uri.toString(), "the simulated hub is closed");
        }
    }

    @Override
    public String toString() {
        return "SimulatedAcronameHub[" + uri + ", " + ports.length + " ports]";
    }
}
