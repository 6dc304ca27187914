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
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Duration bootTime;
    private final Duration bootSettle;
    private final Duration wakeTime;
    private final BusTrace trace;
    private final FaultInjector faults;
    private final Map<String, SimulatedSlave> slaves = new LinkedHashMap<>();
    private final List<SimulatedSlave> slaveList;
    private final MasterNode master;
    private final Map<Integer, EventTriggeredFrame> eventTriggered = new HashMap<>();
    private final MockSlavePower power = new MockSlavePower();
    private final ScheduleRunner schedules;
    private final long startNanos;
    private volatile int baud;
    private volatile boolean closed;
    private boolean powered;
    private boolean asleep;
    private long readyAtNanos;
    private long busyUntilNanos;

    private LinMock(Builder b) {
        this.uri = b.uri;
        this.ldf = b.ldf;
        this.layout = new ClusterLayout(ldf);
        this.clock = b.clock;
        this.baud = b.baud > 0 ? b.baud : ldf.header().speedBitsPerSecond();
        LinProtocol.requireBaud(baud);
        this.bootTime = b.bootTime;
        this.bootSettle = b.bootSettle != null ? b.bootSettle : b.bootTime;
        this.wakeTime = b.wakeTime;
        this.trace = new BusTrace(b.traceCapacity);
        this.faults = new FaultInjector(b.seed);
        this.master = new MasterNode(this, layout, ldf.master() == null ? "master" : ldf.master().name());
        for (String name : ldf.slaves()) {
            NodeAttributes attributes = ldf.nodeAttributes(name).orElse(null);
            slaves.put(name, new SimulatedSlave(this, layout, name, attributes, serialFor(name, b.seed)));
        }
        this.slaveList = List.copyOf(slaves.values());
        for (EventTriggeredFrame e : ldf.eventTriggeredFrames()) {
            eventTriggered.put(e.id(), e);
        }
        this.startNanos = clock.nanoTime();
        this.busyUntilNanos = startNanos;
        this.powered = b.powered;
        this.readyAtNanos = startNanos;
        for (Map.Entry<String, NodeBehaviour> e : b.behaviours.entrySet()) {
            slave(e.getKey()).behaviour = e.getValue();
        }
        if (powered) {
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
    public static Builder builder(LdfDatabase ldf) {
        return new Builder(ldf);
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
            if (powered && asleep) {
                asleep = false;
                readyAtNanos = Math.max(readyAtNanos, end + wakeTime.toNanos());
            }
        } finally {
            lock.unlock();
        }
        waitUntil(end);
    }

    @Override
    public Optional<SlavePower> slavePower() {
        return Optional.of(power);
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
            if (powered) {
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
            return asleep;
        } finally {
            lock.unlock();
        }
    }

    // ---- the bus ---------------------------------------------------------------------------------

    private record Exchange(long end, LinFrame frame, HalException error) {
    }

    /** Caller holds the lock. */
    boolean responsive() {
        return powered && !asleep && clock.nanoTime() >= readyAtNanos;
    }

    private boolean responsiveAt(long nanos) {
        return powered && !asleep && nanos >= readyAtNanos;
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
                if (powered && responsiveAt(end)) {
                    asleep = true;
                    record(end, TraceEntry.Kind.SLEEP, id, data, frame.checksum(), frame.checksumType(), "master", note);
                    return;
                }
            } else if (responsiveAt(end)) {
                NodeConfigResponder.onMasterRequest(slaveList, data);
            }
        } else if (responsiveAt(end)) {
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

    /** Caller holds the lock. */
    private Exchange respond(int id, int length, LinChecksumType checksum, Duration timeout, long start) {
        // the master gives up after the timeout, and never before the maximum frame time
        long windowEnd = start + Math.max(timeout.toNanos(), LinProtocol.maximumFrameTime(length, baud).toNanos());
        long silentEnd = windowEnd;
        long headerEnd = start + 34L * 1_000_000_000L / baud; // break, sync and PID: 34 bit times
        if (!responsiveAt(headerEnd)) {
            return silent(id, silentEnd, asleep ? "slaves asleep" : powered ? "slaves booting" : "slaves unpowered");
        }
        List<SimulatedSlave> responders = new ArrayList<>(1);
        String etfAnswered = null;
        String frameName;
        byte[] data;
        LinChecksumType model;
        if (id == LinProtocol.SLAVE_RESPONSE_ID) {
            for (SimulatedSlave s : slaveList) {
                if (s.pendingResponse != null) {
                    responders.add(s);
                }
            }
            if (responders.isEmpty()) {
                return silent(id, silentEnd, "no pending node configuration response");
            }
            frameName = "SlaveResp";
            data = responders.get(0).pendingResponse;
            model = LinChecksumType.CLASSIC;
            if (responders.size() == 1) {
                responders.get(0).pendingResponse = null;
            }
        } else if (eventTriggered.containsKey(id)) {
            EventTriggeredFrame etf = eventTriggered.get(id);
            frameName = etf.name();
            String answered = null;
            for (String associated : etf.frames()) {
                for (SimulatedSlave s : slaveList) {
                    if (s.publishes(associated) && s.updatedFrames.contains(associated)) {
                        responders.add(s);
                        answered = associated;
                    }
                }
            }
            if (responders.isEmpty()) {
                return silent(id, silentEnd, etf.name() + ": no associated frame has news");
            }
            ClusterLayout.FrameSlots slots = layout.frame(answered);
            SimulatedSlave s = responders.get(0);
            if (s.behaviour != null) {
                s.behaviour.beforeTransmit(s, slots.frame());
            }
            data = s.pack(answered);
            // the first byte of a frame associated with an event-triggered frame carries its own PID
            data[0] = (byte) LinProtocol.protectedId(slots.frame().id());
            model = checksumModel(slots.frame());
            if (responders.size() == 1) {
                etfAnswered = answered;
                frameName = etf.name() + " (" + answered + ")";
            }
        } else {
            frameName = null;
            for (SimulatedSlave s : slaveList) {
                String name = s.frameIds.get(id);
                if (name != null && s.publishes(name)) {
                    responders.add(s);
                    frameName = name;
                }
            }
            if (responders.isEmpty()) {
                return silent(id, silentEnd, "no slave publishes this id");
            }
            ClusterLayout.FrameSlots slots = layout.frame(frameName);
            SimulatedSlave s = responders.get(0);
            if (s.behaviour != null) {
                s.behaviour.beforeTransmit(s, slots.frame());
            }
            data = s.pack(frameName);
            model = checksumModel(slots.frame());
        }
        if (responders.size() > 1) {
            List<String> names = new ArrayList<>();
            responders.forEach(r -> names.add(r.name()));
            return failure(id, windowEnd, data, new LinBusException(uri.toString(), String.format(
                    "collision on 0x%02X: %s answered at once", id, String.join(" and ", names))), frameName);
        }
        SimulatedSlave responder = responders.get(0);
        int wireChecksum = model.compute(id, data);
        byte[] wire = data.clone();
        long end = start + LinProtocol.nominalFrameTime(data.length, baud).toNanos();
        Optional<LinFault> fault = faults.next(id, frameName);
        if (fault.isPresent()) {
            switch (fault.get()) {
                case NO_RESPONSE:
                    return silent(id, silentEnd, frameName + ": injected no response");
                case WRONG_CHECKSUM:
                    wireChecksum = (~wireChecksum) & 0xFF;
                    break;
                case TRUNCATED:
                    return failure(id, windowEnd, java.util.Arrays.copyOf(data, data.length / 2),
                            new LinNoResponseException(uri.toString(), String.format("0x%02X: slave %s answered %d of %d bytes",
                                    id, responder.name(), data.length / 2, length)), frameName + ": injected truncation");
                case BIT_FLIP: {
                    int bit = faults.flipBit(8 * wire.length);
                    wire[bit / 8] ^= (byte) (1 << (bit % 8));
                    break;
                }
                case COLLISION:
                    return failure(id, windowEnd, data, new LinBusException(uri.toString(), String.format(
                            "collision on 0x%02X: injected", id)), frameName + ": injected collision");
                case LATE_RESPONSE: {
                    long late = end + faults.lateBy().toNanos();
                    if (late > windowEnd) {
                        return silent(id, silentEnd, frameName + ": injected late response, "
                                + faults.lateBy().toMillis() + " ms after the window");
                    }
                    end = late;
                    break;
                }
                default:
                    throw new IllegalStateException("unknown fault " + fault.get());
            }
        }
        // the master reads `length` bytes and takes the next one as the checksum
        if (length > wire.length) {
            return failure(id, windowEnd, wire, new LinNoResponseException(uri.toString(), String.format(
                    "0x%02X: slave %s answered %d of %d bytes", id, responder.name(), wire.length, length)), frameName);
        }
        byte[] read = java.util.Arrays.copyOf(wire, length);
        int readChecksum = length < wire.length ? wire[length] & 0xFF : wireChecksum;
        int expected = checksum.compute(id, read);
        if (readChecksum != expected) {
            return failure(id, end, read, new LinChecksumException(uri.toString(), String.format(
                    "0x%02X: checksum 0x%02X, expected 0x%02X (%s)", id, readChecksum, expected, checksum)), frameName
                    + (fault.isPresent() ? ": injected " + fault.get().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') : ""));
        }
        if (etfAnswered != null) {
            responder.updatedFrames.remove(etfAnswered);
            master.receive(layout.frame(etfAnswered), read);
        } else if (id != LinProtocol.SLAVE_RESPONSE_ID && !eventTriggered.containsKey(id)) {
            responder.updatedFrames.remove(frameName);
            ClusterLayout.FrameSlots slots = layout.frame(frameName);
            master.receive(slots, read);
            for (SimulatedSlave other : slaveList) {
                if (other != responder && frameName.equals(other.frameIds.get(id))) {
                    other.receive(slots, read);
                }
            }
        }
        LinFrame result = new LinFrame(id, read, checksum);
        record(end, TraceEntry.Kind.SLAVE_RESPONSE, id, read, readChecksum, checksum, responder.name(), frameName);
        return new Exchange(end, result, null);
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

    private void record(long atNanos, TraceEntry.Kind kind, int id, byte[] data, int checksum, LinChecksumType type,
                        String node, String note) {
        List<Integer> bytes = new ArrayList<>(data.length);
        for (byte b : data) {
            bytes.add(b & 0xFF);
        }
        trace.add(new TraceEntry(Duration.ofNanos(atNanos - startNanos), kind, id, bytes, checksum, type, node, note));
    }

    private void requireOpen() {
        if (closed) {
            throw new DisconnectedException(uri.toString(), "the simulated bus is closed");
        }
    }

    /** The slaves' supply switch. */
    private final class MockSlavePower implements SlavePower {

        @Override
        public void powerUp() {
            requireOpen();
            lock.lock();
            try {
                if (!powered) {
                    powered = true;
                    asleep = false;
                    long now = clock.nanoTime();
                    readyAtNanos = now + bootTime.toNanos();
                    record(now, TraceEntry.Kind.POWER_ON, -1, new byte[0], -1, null, "", "boot time " + bootTime.toMillis() + " ms");
                    for (SimulatedSlave s : slaveList) {
                        s.powerLost(); // a boot starts from the init values and the saved configuration
                        if (s.behaviour != null) {
                            s.behaviour.onPowerUp(s);
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
            clock.sleep(bootSettle);
        }

        @Override
        public void powerDown() {
            requireOpen();
            lock.lock();
            try {
                if (powered) {
                    powered = false;
                    for (SimulatedSlave s : slaveList) {
                        s.powerLost();
                    }
                    record(clock.nanoTime(), TraceEntry.Kind.POWER_OFF, -1, new byte[0], -1, null, "", "");
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isPowered() {
            lock.lock();
            try {
                return powered;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public Duration bootSettle() {
            return bootSettle;
        }
    }

    @Override
    public String toString() {
        return "LinMock[" + uri + ", " + slaves.size() + " slaves, " + baud + " bit/s]";
    }

    /** Builds a {@link LinMock}; the defaults are those of the {@code lin-mock:} URI. */
    public static final class Builder {
        private final LdfDatabase ldf;
        private DeviceUri uri = DeviceUri.parse("lin-mock:");
        private BenchClock clock = BenchClock.system();
        private int baud;
        private Duration bootTime = Duration.ofMillis(50);
        private Duration bootSettle;
        private Duration wakeTime = Duration.ofMillis(100);
        private long seed;
        private int traceCapacity = 100_000;
        private boolean powered = true;
        private final Map<String, NodeBehaviour> behaviours = new LinkedHashMap<>();

        private Builder(LdfDatabase ldf) {
            this.ldf = Objects.requireNonNull(ldf, "ldf");
        }

        /** @param uri the URI the bus reports (messages, trace); default {@code lin-mock:} @return this */
        public Builder uri(DeviceUri uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** @param clock the bench clock; default the system clock @return this */
        public Builder clock(BenchClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param baud bit/s, 1000..20000; default the LDF's speed @return this */
        public Builder baud(int baud) {
            LinProtocol.requireBaud(baud);
            this.baud = baud;
            return this;
        }

        /** @param bootTime how long slaves stay silent after power-up; default 50 ms @return this */
        public Builder bootTime(Duration bootTime) {
            this.bootTime = nonNegative(bootTime, "bootTime");
            return this;
        }

        /** @param bootSettle how long {@code powerUp()} waits; default the boot time @return this */
        public Builder bootSettle(Duration bootSettle) {
            this.bootSettle = nonNegative(bootSettle, "bootSettle");
            return this;
        }

        /** @param wakeTime how long slaves stay silent after a wake-up pulse; default 100 ms @return this */
        public Builder wakeTime(Duration wakeTime) {
            this.wakeTime = nonNegative(wakeTime, "wakeTime");
            return this;
        }

        /** @param seed seed of random faults and serial numbers; default 0 @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param capacity trace entries kept; default 100,000 @return this */
        public Builder traceCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("traceCapacity must be at least 1, not " + capacity);
            }
            this.traceCapacity = capacity;
            return this;
        }

        /** @param powered whether the slaves have power at open; default true @return this */
        public Builder powered(boolean powered) {
            this.powered = powered;
            return this;
        }

        /**
         * @param node      an LDF slave name
         * @param behaviour what it does
         * @return this
         */
        public Builder behaviour(String node, NodeBehaviour behaviour) {
            if (!ldf.slaves().contains(node)) {
                throw new NotFoundException(ldf.source(), "no slave \"" + node + "\"; slaves: " + ldf.slaves());
            }
            behaviours.put(node, Objects.requireNonNull(behaviour, "behaviour"));
            return this;
        }

        /** @return the simulated bus */
        public LinMock build() {
            return new LinMock(this);
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
