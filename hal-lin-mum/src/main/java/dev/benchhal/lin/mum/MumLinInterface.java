package dev.benchhal.lin.mum;

import dev.benchhal.DeviceUri;
import dev.benchhal.bridge.BridgeCallException;
import dev.benchhal.bridge.JsonLineBridge;
import dev.benchhal.bridge.PythonBridges;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.UnsupportedFeatureException;
import dev.benchhal.lin.LinBusException;
import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinChecksumException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.SlavePower;
import dev.benchhal.shell.HostShell;
import dev.benchhal.time.BenchClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Melexis Universal Master as LIN master ({@code mum://}), through {@code mum_bridge.py}: our
 * script, run with the user's Python, that drives Melexis' {@code pymumclient} and {@code pylin}.
 * Opening follows the seed's sequence: {@code open_all(host)}, the LIN master and the power device,
 * {@code setup()}, bus and LIN 2.2 device, baud rate, transport layer, then (with a power device)
 * {@code power_up()} and the boot settle time.
 * <p>The MUM is master-driven: it cannot listen passively ({@link LinCapability#PASSIVE_RECEIVE} is
 * missing). Signal frames use the LIN 2.x (enhanced) checksum; classic-checksum diagnostic frames on
 * 0x3C go through the transport layer ({@code ld_put_raw}). One request is in flight per MUM. A bridge
 * that crashes, hangs or prints garbage fails the call with a typed error, and the next call starts a
 * new bridge and sets the MUM up again (option {@code restart}, on by default). Thread-safe.
 */
public final class MumLinInterface implements LinInterface {

    private static final Logger LOG = LoggerFactory.getLogger(MumLinInterface.class);
    private static final HexFormat HEX = HexFormat.of();

    private final MumSettings settings;
    private final BenchClock clock;
    private final JsonLineBridge bridge;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<LinCapability> capabilities;
    private final Optional<SlavePower> power;
    private volatile int baud;
    private volatile boolean closed;
    private int setUpForStart = -1;
    /** the supply state this driver last commanded, null before the first command */
    private volatile Boolean poweredByUs;

    private MumLinInterface(MumSettings settings, BenchClock clock, JsonLineBridge bridge) {
        this.settings = settings;
        this.clock = clock;
        this.bridge = bridge;
        this.baud = settings.baud();
        EnumSet<LinCapability> caps = EnumSet.of(LinCapability.WAKE_UP, LinCapability.BAUD_RATE_CHANGE);
        if (settings.powerDevice().isPresent()) {
            caps.add(LinCapability.SLAVE_POWER);
        }
        this.capabilities = Collections.unmodifiableSet(caps);
        this.power = settings.powerDevice().map(device -> new MumPower());
    }

    /**
     * Starts the bridge on this machine, opens the MUM and, with a power device and {@code powerOnOpen},
     * powers the slaves.
     *
     * @param settings the URI's settings
     * @param clock    the bench clock (boot settle time)
     * @return the open interface
     * @throws dev.benchhal.error.NotFoundException when Python or Melexis' packages are missing (the message says what to do)
     * @throws DisconnectedException when the MUM cannot be reached
     */
    public static MumLinInterface open(MumSettings settings, BenchClock clock) {
        return open(settings, clock, Optional.empty());
    }

    /**
     * Starts the bridge, on a lab host when one is given (it runs there for as long as the interface
     * is open, and reaches the MUM from there), opens the MUM and, with a power device and
     * {@code powerOnOpen}, powers the slaves. The lab host's shell stays the caller's.
     *
     * @param settings the URI's settings
     * @param clock    the bench clock (boot settle time)
     * @param via      the lab host the bridge runs on, empty for this machine
     * @return the open interface
     * @throws dev.benchhal.error.NotFoundException when Python or Melexis' packages are missing (the message says what to do)
     * @throws DisconnectedException when the MUM or the lab host cannot be reached
     */
    public static MumLinInterface open(MumSettings settings, BenchClock clock, Optional<HostShell> via) {
        String source = settings.uri().toString();
        JsonLineBridge bridge = via.isPresent()
                ? PythonBridges.onHost(via.get(), source, MumLinInterface.class, "mum_bridge.py", settings.python(),
                        settings.pythonPath().map(Path::toString), settings.startTimeout(), settings.restart())
                : new JsonLineBridge(PythonBridges.settings(source, MumLinInterface.class, "mum_bridge.py",
                        settings.python(), settings.pythonPath(), settings.startTimeout(), settings.restart()));
        MumLinInterface lin = new MumLinInterface(settings, clock, bridge);
        try {
            lin.lock.lock();
            try {
                lin.session();
            } finally {
                lin.lock.unlock();
            }
            if (settings.powerOnOpen() && lin.power.isPresent()) {
                lin.power.get().powerUp();
            }
        } catch (RuntimeException e) {
            bridge.close();
            throw e;
        }
        LOG.info("{}: MUM ready ({})", settings.uri(), bridge.handshake());
        return lin;
    }

    /** @return the bridge's handshake: protocol, Python and package versions */
    public Map<String, Object> bridgeInfo() {
        return bridge.handshake();
    }

    /** @return the bridge's process id (on the lab host when it runs there) while it runs */
    public Optional<Long> bridgePid() {
        return bridge.pid();
    }

    /** @return the last lines the bridge wrote to stderr (they also go to the log), for diagnostics */
    public String bridgeLog() {
        return bridge.stderrTail();
    }

    /** @return how many bridge processes were started (more than 1 after restarts) */
    public int bridgeStarts() {
        return bridge.starts();
    }

    @Override
    public DeviceUri uri() {
        return settings.uri();
    }

    @Override
    public BenchClock clock() {
        return clock;
    }

    @Override
    public Set<LinCapability> capabilities() {
        return capabilities;
    }

    @Override
    public int baudRate() {
        return baud;
    }

    @Override
    public void setBaudRate(int bitsPerSecond) {
        LinProtocol.requireBaud(bitsPerSecond);
        call("lin.baud", Map.of("baud", bitsPerSecond), settings.latency(), -1);
        baud = bitsPerSecond;
    }

    @Override
    public void send(LinFrame frame) {
        int id = frame.id();
        if (id == LinProtocol.MASTER_REQUEST_ID) {
            call("lin.raw", Map.of("data", HEX.formatHex(frame.data())), settings.latency(), id);
            return;
        }
        if (frame.checksumType() != LinChecksumType.defaultFor(id)) {
            throw new UnsupportedFeatureException(uri().toString(), String.format("0x%02X with the %s checksum: the MUM "
                    + "sends signal frames with the LIN 2.x (enhanced) checksum; classic-checksum frames go only on 0x3C, "
                    + "through the transport layer", id, frame.checksumType()));
        }
        call("lin.send", Map.of("frameId", id, "data", HEX.formatHex(frame.data())), frameWindow(frame.length()), id);
    }

    @Override
    public LinFrame requestResponse(int frameId, int length, LinChecksumType checksum, Duration timeout) {
        LinProtocol.requireFrameId(frameId);
        LinProtocol.requireLength(length);
        if (checksum != LinChecksumType.defaultFor(frameId)) {
            throw new UnsupportedFeatureException(uri().toString(), String.format("0x%02X with the %s checksum: the MUM "
                    + "checks responses with the LIN 2.x rules (classic on 0x3C/0x3D only)", frameId, checksum));
        }
        Duration wait = timeout.compareTo(frameWindow(length)) < 0 ? frameWindow(length) : timeout;
        Map<String, Object> result = call("lin.request", Map.of("frameId", frameId, "length", length),
                wait.plus(settings.latency()), frameId);
        Object data = result.get("data");
        byte[] bytes;
        try {
            bytes = HEX.parseHex(String.valueOf(data));
        } catch (IllegalArgumentException e) {
            throw new dev.benchhal.error.ProtocolException(uri().toString(), String.format("0x%02X: the bridge answered "
                    + "data %s, not hex", frameId, data), new byte[0], e);
        }
        if (bytes.length != length) {
            throw new LinNoResponseException(uri().toString(), String.format("0x%02X: answered %d of %d bytes", frameId,
                    bytes.length, length));
        }
        return new LinFrame(frameId, bytes, checksum);
    }

    @Override
    public Optional<LinFrame> listen(Duration timeout) {
        throw new UnsupportedFeatureException(uri().toString(), "the MUM is master-driven: it cannot listen to the bus "
                + "passively; request frames by header instead");
    }

    @Override
    public void wakeUp() {
        call("lin.wakeup", Map.of(), settings.latency(), -1);
    }

    @Override
    public Optional<SlavePower> slavePower() {
        return power;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            if (bridge.pid().isPresent()) {
                for (String op : new String[] {"lin.teardown", "close"}) {
                    try {
                        bridge.call(op, Map.of(), settings.latency());
                    } catch (HalException e) {
                        LOG.warn("{}: {} at close failed: {}", uri(), op, e.getMessage());
                    }
                }
            }
        } finally {
            try {
                bridge.close();
            } finally {
                lock.unlock();
            }
        }
        LOG.info("{}: closed", uri());
    }

    private Duration frameWindow(int length) {
        return LinProtocol.maximumFrameTime(length, baud);
    }

    /** One operation, with the MUM set up on the bridge that serves it; bridge errors become LIN errors. */
    private Map<String, Object> call(String op, Map<String, ?> parameters, Duration timeout, int frameId) {
        lock.lock();
        try {
            if (closed) {
                throw new DisconnectedException(uri().toString(), "closed");
            }
            session();
            return bridge.call(op, parameters, timeout);
        } catch (BridgeCallException e) {
            throw translate(e, frameId);
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock: opens and sets up the MUM on a bridge that has not done it yet. */
    private void session() {
        bridge.start();
        if (setUpForStart == bridge.starts()) {
            return;
        }
        try {
            Map<String, Object> open = new LinkedHashMap<>();
            open.put("host", settings.host());
            open.put("lin", settings.linDevice());
            settings.powerDevice().ifPresent(p -> open.put("power", p));
            bridge.call("open", open, settings.startTimeout());
            bridge.call("lin.setup", Map.of("baud", baud), settings.startTimeout());
            if (bridge.starts() > 1 && poweredByUs != null && settings.powerDevice().isPresent()) {
                // a new bridge is a new client session: put the supply back as this driver last set it
                bridge.call(poweredByUs ? "power.up" : "power.down", Map.of(), settings.latency());
            }
            setUpForStart = bridge.starts();
            if (bridge.starts() > 1) {
                LOG.warn("{}: bridge restarted (start {}); MUM set up again", uri(), bridge.starts());
            }
        } catch (BridgeCallException e) {
            throw new DisconnectedException(uri().toString(), "cannot open the MUM at " + settings.host() + ": "
                    + e.detail(), e);
        }
    }

    private HalException translate(BridgeCallException e, int frameId) {
        String where = frameId >= 0 ? String.format("0x%02X: ", frameId) : "";
        String detail = where + e.code().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + e.detail() + ")";
        switch (e.code()) {
            case "NO_RESPONSE":
                return new LinNoResponseException(uri().toString(), detail);
            case "CHECKSUM":
                return new LinChecksumException(uri().toString(), detail);
            case "COLLISION":
            case "DEVICE_ERROR":
                return new LinBusException(uri().toString(), detail);
            case "DISCONNECTED":
                return new DisconnectedException(uri().toString(), detail, e);
            case "UNSUPPORTED":
                return new UnsupportedFeatureException(uri().toString(), detail);
            default:
                return e;
        }
    }

    @Override
    public String toString() {
        return "MumLinInterface[" + uri() + "]";
    }

    /** The MUM's slave supply switch ({@code power_out0}). */
    private final class MumPower implements SlavePower {

        @Override
        public void powerUp() {
            call("power.up", Map.of(), settings.latency(), -1);
            poweredByUs = true;
            LOG.info("{}: slaves powered; waiting {} to boot", uri(), settings.bootSettle());
            clock.sleep(settings.bootSettle());
        }

        @Override
        public void powerDown() {
            call("power.down", Map.of(), settings.latency(), -1);
            poweredByUs = false;
            LOG.info("{}: slaves unpowered", uri());
        }

        @Override
        public boolean isPowered() {
            return Boolean.TRUE.equals(call("power.state", Map.of(), settings.latency(), -1).get("on"));
        }

        @Override
        public Duration bootSettle() {
            return settings.bootSettle();
        }
    }
}
