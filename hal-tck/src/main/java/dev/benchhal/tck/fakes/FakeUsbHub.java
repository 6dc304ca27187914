package dev.benchhal.tck.fakes;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.usb.UsbDataLane;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbHubInfo;
import dev.benchhal.usb.UsbPortEvent;
import dev.benchhal.usb.UsbPortFlag;
import dev.benchhal.usb.UsbPortState;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An in-memory hub: flags per port, listeners, no timing. */
public final class FakeUsbHub implements UsbHub {

    private final List<Set<UsbPortFlag>> ports = new CopyOnWriteArrayList<>();
    private final double[] limits;
    private final List<Consumer<UsbPortEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** @param count how many ports it has */
    public FakeUsbHub(int count) {
        limits = new double[count];
        for (int i = 0; i < count; i++) {
            ports.add(EnumSet.of(UsbPortFlag.VBUS_ON, UsbPortFlag.USB2_DATA_ON, UsbPortFlag.USB3_DATA_ON));
            limits[i] = 2.0;
        }
    }

    private Set<UsbPortFlag> port(int p) {
        if (closed) {
            throw new DisconnectedException("fake-hub:", "closed");
        }
        if (p < 0 || p >= ports.size()) {
            throw new IllegalArgumentException("port " + p + " is outside 0.." + (ports.size() - 1));
        }
        return ports.get(p);
    }

    @Override
    public DeviceUri uri() {
        return DeviceUri.parse("fake-hub:");
    }

    @Override
    public UsbHubInfo info() {
        return new UsbHubInfo("FakeHub", "0000CAFE", "1.0", ports.size());
    }

    @Override
    public synchronized UsbPortState portState(int p) {
        Set<UsbPortFlag> f = port(p);
        return new UsbPortState(p, f, f.contains(UsbPortFlag.VBUS_ON) ? 5.0 : 0.0, 0.0);
    }

    @Override
    public void setPortEnabled(int p, boolean enabled) {
        synchronized (this) {
            Set<UsbPortFlag> f = port(p);
            if (enabled) {
                f.add(UsbPortFlag.USB2_DATA_ON);
            } else {
                f.remove(UsbPortFlag.USB2_DATA_ON);
            }
        }
        setPortPower(p, enabled);
    }

    @Override
    public void setPortPower(int p, boolean on) {
        boolean changed;
        synchronized (this) {
            Set<UsbPortFlag> f = port(p);
            changed = on ? f.add(UsbPortFlag.VBUS_ON) : f.remove(UsbPortFlag.VBUS_ON);
        }
        if (changed) {
            UsbPortEvent e = new UsbPortEvent("0000CAFE", p, on, Instant.now());
            listeners.forEach(l -> l.accept(e));
        }
    }

    @Override
    public synchronized void setDataEnabled(int p, UsbDataLane lane, boolean enabled) {
        UsbPortFlag flag = lane == UsbDataLane.USB2 ? UsbPortFlag.USB2_DATA_ON : UsbPortFlag.USB3_DATA_ON;
        if (enabled) {
            port(p).add(flag);
        } else {
            port(p).remove(flag);
        }
    }

    @Override
    public double measurePortVoltage(int p) {
        return portState(p).volts();
    }

    @Override
    public double measurePortCurrent(int p) {
        return portState(p).amps();
    }

    @Override
    public synchronized void setPortCurrentLimit(int p, double amps) {
        port(p);
        limits[p] = amps;
    }

    @Override
    public synchronized double portCurrentLimit(int p) {
        port(p);
        return limits[p];
    }

    @Override
    public void powerCycle(int p, Duration offTime) {
        setPortPower(p, false);
        setPortPower(p, true);
    }

    @Override
    public void reset() {
        port(0);
    }

    @Override
    public Subscription onPortPowerChange(Consumer<UsbPortEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        closed = true;
    }
}
