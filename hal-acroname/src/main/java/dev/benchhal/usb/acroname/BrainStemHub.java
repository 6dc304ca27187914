package dev.benchhal.usb.acroname;

import dev.benchhal.DeviceUri;
import dev.benchhal.bridge.BridgeCallException;
import dev.benchhal.error.BusyException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.UnsupportedFeatureException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.time.BenchClock;
import dev.benchhal.usb.UsbDataLane;
import dev.benchhal.usb.UsbHubInfo;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.acroname.sim.SimulatedBrainStem;
import dev.benchhal.usb.UsbPortEvent;
import dev.benchhal.usb.UsbPortState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An Acroname hub through Acroname's BrainStem SDK ({@code acroname:usb:SERIAL}): our bridge script
 * {@code acroname_bridge.py}, run with the user's Python, drives the SDK's {@code brainstem}
 * package. Port power, enable, USB 2/3 data, state, voltage, current and current limit, hub reset
 * (which the SDK reports as an error by design: the bridge reconnects). One connection per hub per
 * process; a hub held by another process is a {@link BusyException}. Calls are serialized.
 * Thread-safe.
 */
public final class BrainStemHub implements UsbHub {

    private static final Logger LOG = LoggerFactory.getLogger(BrainStemHub.class);

    private final AcronameSettings settings;
    private final BenchClock clock;
    private final HubLink link;
    private final ReentrantLock lock = new ReentrantLock();
    private final PortListeners listeners = new PortListeners();
    private final Boolean[] lastVbus;
    /** Whether this instance holds the process-wide claim on its serial (real hubs: the BrainStem link is exclusive). */
    private final boolean owned;
    private static final int MAX_PORTS = 32;
    private UsbHubInfo info;
    private volatile boolean closed;

    private BrainStemHub(AcronameSettings settings, BenchClock clock, HubLink link, boolean owned) {
        this.settings = settings;
        this.clock = clock;
        this.link = link;
        this.owned = owned;
        this.lastVbus = new Boolean[MAX_PORTS];
    }

    /**
     * Starts the bridge and connects to the hub.
     *
     * @param settings the URI's settings
     * @param clock    the bench clock (power cycles wait on it)
     * @return the connected hub
     * @throws NotFoundException when Python, the SDK or the hub is missing
     * @throws BusyException     when the hub is open elsewhere (this process or another)
     */
    public static BrainStemHub open(AcronameSettings settings, BenchClock clock) {
        return open(settings, clock, null);
    }

    /**
     * Connects to the hub through the SDK on this machine, or on the lab host a {@link HostShell}
     * reaches (the {@code via} option names its bench role).
     *
     * @param settings the URI's settings
     * @param clock    the bench clock (power cycles wait on it)
     * @param remote   the lab host's shell, {@code null} for this machine
     * @return the connected hub
     * @throws NotFoundException when Python, the SDK or the hub is missing
     * @throws BusyException     when the hub is open elsewhere (this process or another)
     */
    public static BrainStemHub open(AcronameSettings settings, BenchClock clock, HostShell remote) {
        HubOwnership.claim(settings.serial(), settings.uri().toString());
        HubLink link = remote == null ? new LocalHubLink(settings) : new RemoteHubLink(settings, remote);
        return open(settings, clock, link, remote == null ? "" : " on " + remote.hostLabel(), true);
    }

    /**
     * The driver over a simulated SDK ({@code acroname:sim}): the same code as over the real one.
     *
     * @param settings  the hub's settings (serial and model must be the simulated hub's)
     * @param clock     the bench clock (power cycles wait on it)
     * @param brainstem the simulated SDK and hub
     * @return the connected hub
     */
    public static BrainStemHub simulated(AcronameSettings settings, BenchClock clock, SimulatedBrainStem brainstem) {
        // a simulated hub is this instance's alone: no claim on the serial across the process
        return open(settings, clock, new SimulatedHubLink(settings, brainstem), " (simulated SDK)", false);
    }

    private static BrainStemHub open(AcronameSettings settings, BenchClock clock, HubLink link, String where, boolean owned) {
        BrainStemHub hub = new BrainStemHub(settings, clock, link, owned);
        try {
            hub.lock.lock();
            try {
                hub.connect();
            } finally {
                hub.lock.unlock();
            }
        } catch (RuntimeException e) {
            link.close();
            if (owned) {
                HubOwnership.release(settings.serial(), settings.uri().toString());
            }
            throw e;
        }
        LOG.info("{}: connected to {} {} (firmware {}){}", settings.uri(), hub.info.model(), hub.info.serial(),
                hub.info.firmware(), where);
        return hub;
    }

    /** @return the bridge's handshake: protocol, Python and SDK versions */
    public Map<String, Object> bridgeInfo() {
        return link.handshake();
    }

    /** @return how many bridge processes were started (more than 1 after restarts; one per operation on a remote host) */
    public int bridgeStarts() {
        return link.starts();
    }

    @Override
    public DeviceUri uri() {
        return settings.uri();
    }

    @Override
    public BenchClock clock() {
        return clock;
    }

    /** The {@link SimulatedBrainStem} behind an {@code acroname:sim} hub, or the driver itself. */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (link instanceof SimulatedHubLink && type.isInstance(((SimulatedHubLink) link).brainstem())) {
            return Optional.of(type.cast(((SimulatedHubLink) link).brainstem()));
        }
        return UsbHub.super.unwrap(type);
    }

    @Override
    public UsbHubInfo info() {
        return info;
    }

    @Override
    public UsbPortState portState(int port) {
        check(port);
        Map<String, Object> r = call("port.state", Map.of("port", port));
        UsbPortState state = new UsbPortState(port, PortStateBits.decode(number(r, "state")),
                number(r, "microvolts") / 1e6, number(r, "microamps") / 1e6);
        lastVbus[port] = state.powered();
        return state;
    }

    @Override
    public void setPortEnabled(int port, boolean enabled) {
        check(port);
        call("port.enable", Map.of("port", port, "on", enabled));
        powerChanged(port, enabled);
    }

    @Override
    public void setPortPower(int port, boolean on) {
        check(port);
        call("port.power", Map.of("port", port, "on", on));
        powerChanged(port, on);
    }

    @Override
    public void setDataEnabled(int port, UsbDataLane lane, boolean enabled) {
        check(port);
        call("port.data", Map.of("port", port, "lane", lane.name(), "on", enabled));
    }

    @Override
    public double measurePortVoltage(int port) {
        return portState(port).volts();
    }

    @Override
    public double measurePortCurrent(int port) {
        return portState(port).amps();
    }

    @Override
    public void setPortCurrentLimit(int port, double amps) {
        check(port);
        if (!(amps >= 0 && amps <= 5.0)) {
            throw new IllegalArgumentException(uri() + ": current limit " + amps + " A is outside 0..5 A");
        }
        call("port.limit", Map.of("port", port, "microamps", Math.round(amps * 1e6)));
    }

    @Override
    public double portCurrentLimit(int port) {
        check(port);
        return number(call("port.limit", Map.of("port", port)), "microamps") / 1e6;
    }

    @Override
    public void powerCycle(int port, Duration offTime) {
        setPortPower(port, false);
        clock.sleep(offTime);
        setPortPower(port, true);
    }

    @Override
    public void reset() {
        call("reset", Map.of());
        java.util.Arrays.fill(lastVbus, null);
        LOG.info("{}: hub reset and reconnected", uri());
    }

    @Override
    public Subscription onPortPowerChange(Consumer<UsbPortEvent> listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            link.close();
        } finally {
            if (owned) {
                HubOwnership.release(settings.serial(), settings.uri().toString());
            }
            lock.unlock();
        }
        LOG.info("{}: closed", uri());
    }

    private void powerChanged(int port, boolean on) {
        Boolean before = lastVbus[port];
        lastVbus[port] = on;
        if (before == null || before != on) {
            listeners.fire(new UsbPortEvent(settings.serial(), port, on, clock.now()));
        }
    }

    private Map<String, Object> call(String op, Map<String, ?> parameters) {
        lock.lock();
        try {
            if (closed) {
                throw new DisconnectedException(uri().toString(), "closed");
            }
            return link.call(op, parameters);
        } catch (BridgeCallException e) {
            throw translate(e);
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock: connects and reads the hub's identity. */
    private void connect() {
        try {
            Map<String, Object> r = link.connect();
            info = new UsbHubInfo(settings.model().sdkName(), settings.serial(), String.valueOf(r.getOrDefault("firmware", "")),
                    (int) number(r, "ports"));
        } catch (BridgeCallException e) {
            throw translate(e);
        }
    }

    private HalException translate(BridgeCallException e) {
        String source = uri().toString();
        switch (e.code()) {
            case "NOT_FOUND":
                return new NotFoundException(source, "no " + settings.model().sdkName() + " with serial " + settings.serial()
                        + " answers (" + e.detail() + "); check the serial (benchhal hub discover) and the udev rule");
            case "BUSY":
                return new BusyException(source, "hub " + settings.serial() + " is held by another process (" + e.detail()
                        + "); the BrainStem link is exclusive");
            case "DISCONNECTED":
                return new DisconnectedException(source, e.detail(), e);
            case "TIMEOUT":
                return new HalTimeoutException(source, e.detail());
            case "UNSUPPORTED":
                return new UnsupportedFeatureException(source, e.detail());
            default:
                return e;
        }
    }

    private void check(int port) {
        // the hub's own count, as it reported it at connect
        int count = info == null ? settings.model().ports() : info.portCount();
        if (port < 0 || port >= count) {
            throw new IllegalArgumentException(uri() + ": port " + port + " is outside 0.." + (count - 1) + " (" + count
                    + " ports on a " + settings.model().sdkName() + ")");
        }
    }

    private long number(Map<String, Object> result, String key) {
        Object value = result.get(key);
        if (!(value instanceof Number)) {
            throw new dev.benchhal.error.ProtocolException(uri().toString(), "expected a number " + key + " from the bridge, got "
                    + result, new byte[0], null);
        }
        return ((Number) value).longValue();
    }

    @Override
    public String toString() {
        return "BrainStemHub[" + uri() + "]";
    }
}
