package dev.benchhal.lin.mock;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.lin.LinBusException;
import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinChecksumException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.SlavePower;
import dev.benchhal.lin.ldf.EventTriggeredFrame;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.lin.ldf.NodeAttributes;
import dev.benchhal.time.BenchClock;
import dev.benchhal.error.HalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A LIN bus with simulated slaves, from an LDF: the {@code lin-mock:} driver. Each LDF slave
 * publishes its frames from its current signal values and takes the frames the master publishes;
 * event-triggered frames answer when an associated frame's signals changed and collide when two
 * do; every slave with node attributes answers node configuration on 0x3C/0x3D. A slave power
 * switch, sleep and wake-up, boot and wake times, fault injection, schedule tables and a bus trace
 * complete it. Every frame takes its nominal frame time at the current baud rate on the bench
 * clock (virtual or real time).
 * <pre>{@code
 * LinMock mock = LinMock.builder(LdfDatabase.load(Path.of("alm.ldf")))
 *         .clock(VirtualClock.autoAdvancing())
 *         .behaviour("ALM_Node", new AmbientLightNode())
 *         .build();
 * mock.slave("ALM_Node").set("Tj_Frame_NTC", 330.0);            // the node's temperature, in K
 * mock.faults().once("ALM_Status", LinFault.NO_RESPONSE);
 * }</pre>
 * <p>Thread-safe: frames are serialized on the bus (each gets its own time slot) and no lock is
 * held while bench time passes, so a schedule runner and test threads share the bus.
 */
public final class LinMock implements LinInterface {

    private static final Logger LOG = LoggerFactory.getLogger(LinMock.class);
    private static final Set<LinCapability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.allOf(LinCapability.class));

    final ReentrantLock lock = new ReentrantLock();
    private final DeviceUri uri;
    private final LdfDatabase ldf;
    private final ClusterLayout layout;
    private final BenchClock clock;
    private final BusTrace trace;
    private final FaultInjector faults;
    private final Map<String, SimulatedSlave> slaves = new LinkedHashMap<>();
    private final List<SimulatedSlave> slaveList;
    private final MasterNode master;
    private final SlaveResponders responders;
    private final SlaveSupply supply;
    private final ScheduleRunner schedules;
    private final long startNanos;
    private final java.util.function.DoubleSupplier supplySource;
    private volatile double supplyVolts = Double.NaN;
    private volatile int baud;
    private volatile boolean closed;
    private long busyUntilNanos;

    LinMock(LinMockBuilder b) {
        this.uri = b.uri;
        this.ldf = b.ldf;
        this.layout = new ClusterLayout(ldf);
        this.clock = b.clock;
        this.baud = b.baud > 0 ? b.baud : ldf.header().speedBitsPerSecond();
        LinProtocol.requireBaud(baud);
        this.trace = new BusTrace(b.traceCapacity);
        this.faults = new FaultInjector(b.seed);
        this.master = new MasterNode(this, layout, ldf.master() == null ? "master" : ldf.master().name());
        for (String name : ldf.slaves()) {
            NodeAttributes attributes = ldf.nodeAttributes(name).orElse(null);
            slaves.put(name, new SimulatedSlave(this, layout, name, attributes, serialFor(name, b.seed)));
        }
        this.slaveList = List.copyOf(slaves.values());
        Map<Integer, EventTriggeredFrame> eventTriggered = new HashMap<>();
        for (EventTriggeredFrame e : ldf.eventTriggeredFrames()) {
            eventTriggered.put(e.id(), e);
        }
        this.responders = new SlaveResponders(slaveList, layout, eventTriggered, this::checksumModel);
        this.startNanos = clock.nanoTime();
        this.busyUntilNanos = startNanos;
        this.supply = new SlaveSupply(this, slaveList, b, startNanos);
        this.supplySource = b.supply;
        for (Map.Entry<String, NodeBehaviour> e : b.behaviours.entrySet()) {
            slave(e.getKey()).behaviour = e.getValue();
        }
        if (b.powered) {
            for (SimulatedSlave s : slaveList) {
                if (s.behaviour != null) {
                    s.behaviour.onPowerUp(s);
                }
            }
        }
        this.schedules = new ScheduleRunner(this);
        LOG.info("{}: simulated LIN bus with {} slaves from {} at {} bit/s", uri, slaves.size(), ldf.source(), baud);
    }

    /**
     * @param ldf the cluster to simulate
     * @return a builder with the defaults of the {@code lin-mock:} URI
     */
    public static LinMockBuilder builder(LdfDatabase ldf) {
        return new LinMockBuilder(ldf);
    }

    private static long serialFor(String node, long seed) {
        // stable per node name and seed, so ReadByIdentifier(1) answers the same on every run
        long h = seed * 0x9E3779B97F4A7C15L + node.hashCode();
        return (h ^ (h >>> 29)) & 0xFFFFFFFFL;
    }

    // ---- LinInterface ----------------------------------------------------------------------------

    @Override
    public DeviceUri uri() {
        return uri;
    }

    @Override
    public Set<LinCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public int baudRate() {
        return baud;
    }

    @Override
    public void setBaudRate(int bitsPerSecond) {
        LinProtocol.requireBaud(bitsPerSecond);
        requireOpen();
        baud = bitsPerSecond;
    }

    @Override
    public void send(LinFrame frame) {
        Objects.requireNonNull(frame, "frame");
        requireOpen();
        sampleSupply();
        long end;
        lock.lock();
        try {
            long start = slotStart();
            end = start + LinProtocol.nominalFrameTime(frame.length(), baud).toNanos();
            busyUntilNanos = end;
            masterFrame(frame, end);
        } finally {
            lock.unlock();
        }
        waitUntil(end);
    }

    @Override
    public LinFrame requestResponse(int frameId, int length, LinChecksumType checksum, Duration timeout) {
        LinProtocol.requireFrameId(frameId);
        LinProtocol.requireLength(length);
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(timeout, "timeout");
        requireOpen();
        sampleSupply();
        Exchange exchange;
        lock.lock();
        try {
            long start = slotStart();
            exchange = respond(frameId, length, checksum, timeout, start);
            busyUntilNanos = exchange.end;
        } finally {
            lock.unlock();
        }
        waitUntil(exchange.end);
        if (exchange.error != null) {
            throw exchange.error;
        }
        return exchange.frame;
    }

    @Override
    public Optional<LinFrame> listen(Duration timeout) {
        requireOpen();
        long position = trace.total();
        long deadline = clock.nanoTime() + timeout.toNanos();
        while (true) {
            for (TraceEntry e : trace.since(position)) {
                if (e.isFrame()) {
                    return Optional.of(new LinFrame(e.frameId(), e.bytes(), e.checksumType()));
                }
            }
            long left = deadline - clock.nanoTime();
            if (left <= 0 || closed) {
                return Optional.empty();
            }
            clock.sleep(Duration.ofNanos(Math.min(left, 1_000_000)));
        }
    }

    @Override
    public void wakeUp() {
        requireOpen();
        long end;
        lock.lock();
        try {
            long start = slotStart();
            // a dominant pulse of 250 us to 5 ms; 1 ms here
            end = start + 1_000_000;
            busyUntilNanos = end;
            record(end, TraceEntry.Kind.WAKE_UP, -1, new byte[0], -1, null, "master", "wake-up pulse");
            supply.wakeUp(end);
        } finally {
            lock.unlock();
        }
        waitUntil(end);
    }

    @Override
    public Optional<SlavePower> slavePower() {
        return Optional.of(supply);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        schedules.stop();
        closed = true;
        LOG.info("{}: closed after {} of bus time", uri, busTime());
    }

    // ---- simulator API ---------------------------------------------------------------------------

    /** @return the simulated cluster's LDF */
    public LdfDatabase ldf() {
        return ldf;
    }

    /** @return the bench clock the bus runs on */
    @Override
    public BenchClock clock() {
        return clock;
    }

    /** @return bench time since the simulator opened */
    public Duration busTime() {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }

    /**
     * @param name an LDF slave name
     * @return the simulated slave
     * @throws NotFoundException listing the slaves
     */
    public SimulatedSlave slave(String name) {
        SimulatedSlave slave = slaves.get(name);
        if (slave == null) {
            throw new NotFoundException(uri.toString(), "no slave \"" + name + "\"; slaves: " + slaves.keySet());
        }
        return slave;
    }

    /** @return the simulated slaves in LDF order */
    public List<SimulatedSlave> slaves() {
        return slaveList;
    }

    /** @return the master's signal values (what the schedule runner publishes and what it received) */
    public MasterNode master() {
        return master;
    }

    /**
     * Gives a slave a behaviour (replacing any it had).
     *
     * @param node      an LDF slave name
     * @param behaviour what the node does
     * @return this
     */
    public LinMock behaviour(String node, NodeBehaviour behaviour) {
        SimulatedSlave slave = slave(node);
        lock.lock();
        try {
            slave.behaviour = Objects.requireNonNull(behaviour, "behaviour");
            if (supply.poweredLocked()) {
                behaviour.onPowerUp(slave);
            }
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** @return the fault plan for slave responses */
    public FaultInjector faults() {
        return faults;
    }

    /** @return the bus trace */
    public BusTrace trace() {
        return trace;
    }

    /** @return the schedule-table runner */
    public ScheduleRunner schedules() {
        return schedules;
    }

    /** @return {@code true} while the slaves are asleep (after go-to-sleep, until a wake-up) */
    public boolean isAsleep() {
        lock.lock();
        try {
            return supply.asleepLocked();
        } finally {
            lock.unlock();
        }
    }

    // ---- the bus ---------------------------------------------------------------------------------

    private record Exchange(long end, LinFrame frame, HalException error) {
    }

    /** Asks the supply source, if any, for the voltage now: before the lock, as it may do I/O. */
    private void sampleSupply() {
        if (supplySource != null) {
            supplyVolts = supplySource.getAsDouble();
        }
    }

    /** @return the slaves' supply voltage as last sampled, NaN without a source */
    double supplyVolts() {
        return supplyVolts;
    }

    /** Caller holds the lock. */
    boolean responsive() {
        return supply.responsiveAt(clock.nanoTime());
    }

    /** Caller holds the lock: frames never overlap; a caller that comes while the bus is busy goes next. */
    private long slotStart() {
        return Math.max(clock.nanoTime(), busyUntilNanos);
    }

    private void waitUntil(long end) {
        long left = end - clock.nanoTime();
        if (left > 0) {
            clock.sleep(Duration.ofNanos(left));
        }
    }

    /** Caller holds the lock. */
    private void masterFrame(LinFrame frame, long end) {
        int id = frame.id();
        byte[] data = frame.data();
        String note = "";
        if (id == LinProtocol.MASTER_REQUEST_ID) {
            if (data[0] == 0) {
                note = "go to sleep";
                if (supply.goToSleep(end)) {
                    record(end, TraceEntry.Kind.SLEEP, id, data, frame.checksum(), frame.checksumType(), "master", note);
                    return;
                }
            } else if (supply.responsiveAt(end)) {
                NodeConfigResponder.onMasterRequest(slaveList, data, end);
            }
        } else if (supply.responsiveAt(end)) {
            note = deliver(frame);
        }
        record(end, TraceEntry.Kind.MASTER_FRAME, id, data, frame.checksum(), frame.checksumType(), "master", note);
    }

    /** Caller holds the lock: hands a master frame to the slaves that take it; returns the trace note. */
    private String deliver(LinFrame frame) {
        List<String> ignored = new ArrayList<>();
        String frameName = null;
        for (SimulatedSlave slave : slaveList) {
            String name = slave.frameIds.get(frame.id());
            if (name == null || slave.publishes(name)) {
                continue;
            }
            frameName = name;
            ClusterLayout.FrameSlots slots = layout.frame(name);
            LinChecksumType expected = checksumModel(slots.frame());
            if (frame.length() != slots.frame().length() || frame.checksumType() != expected) {
                ignored.add(slave.name() + (frame.length() != slots.frame().length()
                        ? " (" + frame.length() + " bytes, expected " + slots.frame().length() + ")"
                        : " (" + frame.checksumType() + " checksum, expected " + expected + ")"));
                continue;
            }
            slave.receive(slots, frame.data());
            if (slave.behaviour != null) {
                slave.behaviour.onFrameReceived(slave, slots.frame());
            }
        }
        if (frameName != null && ignored.isEmpty()) {
            ClusterLayout.FrameSlots slots = layout.frame(frameName);
            if (frame.length() == slots.frame().length()) {
                master.receive(slots, frame.data());
            }
        }
        String note = frameName == null ? "" : frameName;
        return ignored.isEmpty() ? note : note + "; ignored by " + String.join(", ", ignored);
    }

    /** Caller holds the lock: a header, the slaves' answer with any injected fault, and what the master reads. */
    private Exchange respond(int id, int length, LinChecksumType checksum, Duration timeout, long start) {
        // the master gives up after the timeout, and never before the maximum frame time
        long windowEnd = start + Math.max(timeout.toNanos(), LinProtocol.maximumFrameTime(length, baud).toNanos());
        long headerEnd = start + 34L * 1_000_000_000L / baud; // break, sync and PID: 34 bit times
        if (!supply.responsiveAt(headerEnd)) {
            return silent(id, windowEnd, supply.silence());
        }
        SlaveResponders.Answer answer = responders.answer(id, headerEnd);
        if (answer.silence() != null) {
            return silent(id, windowEnd, answer.silence());
        }
        String frameName = answer.frameName();
        if (answer.responders().size() > 1) {
            List<String> names = new ArrayList<>();
            answer.responders().forEach(r -> names.add(r.name()));
            return failure(id, windowEnd, answer.data(), new LinBusException(uri.toString(), String.format(
                    "collision on 0x%02X: %s answered at once", id, String.join(" and ", names))), frameName);
        }
        SimulatedSlave responder = answer.responders().get(0);
        Transmission tx = new Transmission(uri.toString(), id, frameName, responder.name(), length, answer.data(),
                answer.model().compute(id, answer.data()), start + LinProtocol.nominalFrameTime(answer.data().length, baud).toNanos());
        Optional<LinFault> fault = faults.next(id, frameName);
        if (fault.isPresent()) {
            Transmission.Interruption interrupted = tx.inject(fault.get(), faults, windowEnd);
            if (interrupted != null) {
                return interrupted.silent() ? silent(id, windowEnd, interrupted.note())
                        : failure(id, windowEnd, interrupted.data(), interrupted.error(), interrupted.note());
            }
        }
        // the master reads `length` bytes and takes the next one as the checksum
        if (length > tx.wire.length) {
            return failure(id, windowEnd, tx.wire, new LinNoResponseException(uri.toString(), String.format(
                    "0x%02X: slave %s answered %d of %d bytes", id, responder.name(), tx.wire.length, length)), frameName);
        }
        byte[] read = Arrays.copyOf(tx.wire, length);
        int readChecksum = length < tx.wire.length ? tx.wire[length] & 0xFF : tx.checksum;
        int expected = checksum.compute(id, read);
        if (readChecksum != expected) {
            return failure(id, tx.endNanos, read, new LinChecksumException(uri.toString(), String.format(
                    "0x%02X: checksum 0x%02X, expected 0x%02X (%s)", id, readChecksum, expected, checksum)), frameName
                    + (fault.isPresent() ? ": injected " + fault.get().name().toLowerCase(Locale.ROOT).replace('_', ' ') : ""));
        }
        heard(id, answer, responder, read);
        record(tx.endNanos, TraceEntry.Kind.SLAVE_RESPONSE, id, read, readChecksum, checksum, responder.name(), frameName);
        return new Exchange(tx.endNanos, new LinFrame(id, read, checksum), null);
    }

    /** Caller holds the lock: the master and the other slaves take a response the master read intact. */
    private void heard(int id, SlaveResponders.Answer answer, SimulatedSlave responder, byte[] read) {
        if (answer.carried() != null) {
            responder.updatedFrames.remove(answer.carried());
            master.receive(layout.frame(answer.carried()), read);
        } else if (id != LinProtocol.SLAVE_RESPONSE_ID && !responders.isEventTriggered(id)) {
            responder.updatedFrames.remove(answer.frameName());
            ClusterLayout.FrameSlots slots = layout.frame(answer.frameName());
            master.receive(slots, read);
            for (SimulatedSlave other : slaveList) {
                if (other != responder && answer.frameName().equals(other.frameIds.get(id))) {
                    other.receive(slots, read);
                }
            }
        }
    }

    private Exchange silent(int id, long end, String why) {
        record(end, TraceEntry.Kind.NO_RESPONSE, id, new byte[0], -1, null, "", why);
        return new Exchange(end, null, new LinNoResponseException(uri.toString(), String.format("0x%02X: no response (%s)",
                id, why)));
    }

    private Exchange failure(int id, long end, byte[] data, HalException error, String note) {
        record(end, TraceEntry.Kind.ERROR, id, data, -1, null, "", note + ": " + error.detail());
        return new Exchange(end, null, error);
    }

    /** The checksum model of a frame: classic for LIN 1.x clusters and LIN 1.x publishers, else enhanced. */
    LinChecksumType checksumModel(LdfFrame frame) {
        if (ldf.header().isLin1()) {
            return LinChecksumType.CLASSIC;
        }
        boolean lin1 = ldf.nodeAttributes(frame.publisher()).map(n -> n.linProtocol().startsWith("1.")).orElse(false);
        return lin1 ? LinChecksumType.CLASSIC : LinChecksumType.ENHANCED;
    }

    /** Caller holds the lock. */
    void record(long atNanos, TraceEntry.Kind kind, int id, byte[] data, int checksum, LinChecksumType type,
                        String node, String note) {
        List<Integer> bytes = new ArrayList<>(data.length);
        for (byte b : data) {
            bytes.add(b & 0xFF);
        }
        trace.add(new TraceEntry(Duration.ofNanos(atNanos - startNanos), kind, id, bytes, checksum, type, node, note));
    }

    void requireOpen() {
        if (closed) {
            throw new DisconnectedException(uri.toString(), "the simulated bus is closed");
        }
    }

    @Override
    public String toString() {
        return "LinMock[" + uri + ", " + slaves.size() + " slaves, " + baud + " bit/s]";
    }
}
