package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.EncodingType;
import dev.benchhal.lin.ldf.FrameCodec;
import dev.benchhal.lin.ldf.LdfCodecException;
import dev.benchhal.lin.ldf.LdfSignal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A node of the simulated cluster and its view of the signals: the ones it publishes, and the
 * last values it received of the ones it subscribes to. Values go through the LDF encoding types
 * ({@link #set(String, Object)}, {@link #get(String)}) or raw ({@link #setRaw}, {@link #getRaw}).
 * Thread-safe: every access takes the bus lock, so a value never changes in the middle of a frame.
 */
public class SimulatedNode {

    final LinMock bus;
    final ClusterLayout layout;
    private final String name;
    long[] values;
    /** frames whose signals changed since the node last sent them (for event-triggered and sporadic frames) */
    final Set<String> updatedFrames = new HashSet<>();

    SimulatedNode(LinMock bus, ClusterLayout layout, String name) {
        this.bus = bus;
        this.layout = layout;
        this.name = name;
        this.values = layout.initValues();
    }

    /** @return the node name from the LDF */
    public String name() {
        return name;
    }

    /** @return the bench clock's time */
    public Instant now() {
        return bus.clock().now();
    }

    /** @return bench time since the simulator opened */
    public Duration busTime() {
        return bus.busTime();
    }

    /**
     * @param signal a signal name
     * @return its value through its encoding type (a logical name, a physical value), or raw when it has none
     *         or no converter accepts the raw value
     */
    public Object get(String signal) {
        bus.lock.lock();
        try {
            int i = layout.signalIndex(signal, name);
            LdfSignal s = layout.signals.get(i);
            EncodingType type = layout.ldf.encodingOf(signal).orElse(null);
            Object value = type == null ? null : type.decode(values[i], s).orElse(null);
            if (value != null) {
                return value;
            }
            return s.array() ? dev.benchhal.lin.ldf.FrameCodec.bytesOf(values[i], s.width() / 8) : (Object) values[i];
        } finally {
            bus.lock.unlock();
        }
    }

    /**
     * @param signal a signal name
     * @return its raw value (byte arrays: byte 0 in the low 8 bits)
     */
    public long getRaw(String signal) {
        bus.lock.lock();
        try {
            return values[layout.signalIndex(signal, name)];
        } finally {
            bus.lock.unlock();
        }
    }

    /**
     * Sets a signal through its encoding type (or raw when it has none), as the node's application would.
     *
     * @param signal a signal name
     * @param value  a logical name, a physical value, a BCD number, ASCII text, or a raw number
     * @throws LdfCodecException when the encoding does not accept the value
     */
    public void set(String signal, Object value) {
        bus.lock.lock();
        try {
            int i = layout.signalIndex(signal, name);
            LdfSignal s = layout.signals.get(i);
            EncodingType type = layout.ldf.encodingOf(signal).orElse(null);
            long raw;
            if (type != null) {
                raw = type.encode(value, s);
            } else if (value instanceof Number) {
                raw = ((Number) value).longValue();
            } else {
                throw new LdfCodecException(signal, "has no encoding type; expected a raw number, got " + value);
            }
            store(i, raw);
        } finally {
            bus.lock.unlock();
        }
    }

    /**
     * @param signal a signal name
     * @param raw    the raw value
     * @throws LdfCodecException when it does not fit the signal
     */
    public void setRaw(String signal, long raw) {
        bus.lock.lock();
        try {
            store(layout.signalIndex(signal, name), raw);
        } finally {
            bus.lock.unlock();
        }
    }

    /**
     * @param frame a frame name
     * @return the node's values of the frame's signals, decoded as {@link FrameCodec#decode(byte[])} does
     */
    public Map<String, Object> frameValues(String frame) {
        bus.lock.lock();
        try {
            return layout.frame(frame).codec().decode(pack(frame));
        } finally {
            bus.lock.unlock();
        }
    }

    /** Caller holds the bus lock. */
    void store(int i, long raw) {
        LdfSignal s = layout.signals.get(i);
        if ((raw & ~s.mask()) != 0) {
            throw new LdfCodecException(s.name(), "raw value " + raw + " does not fit in " + s.width() + " bits");
        }
        if (values[i] != raw) {
            values[i] = raw;
            updatedFrames.addAll(layout.framesOf(i));
        }
    }

    /** Caller holds the bus lock. */
    byte[] pack(String frame) {
        ClusterLayout.FrameSlots slots = layout.frame(frame);
        int[] index = slots.signalIndex();
        long[] raw = new long[index.length];
        for (int k = 0; k < index.length; k++) {
            raw[k] = values[index[k]];
        }
        return slots.codec().encodeRaw(raw);
    }

    /** Caller holds the bus lock: takes the frame's values as received. */
    void receive(ClusterLayout.FrameSlots slots, byte[] data) {
        int[] index = slots.signalIndex();
        long[] raw = new long[index.length];
        slots.codec().decodeRaw(data, raw);
        for (int k = 0; k < index.length; k++) {
            values[index[k]] = raw[k];
        }
    }

    void resetValues() {
        values = layout.initValues();
        updatedFrames.clear();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
