package dev.benchhal.lin.ldf;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Frames and signals by name over any {@link LinInterface}, with the LDF supplying ids, lengths,
 * layouts, encodings and checksum models. Three levels:
 * <pre>{@code
 * FrameIO fio = new FrameIO(lin, LdfDatabase.load(Path.of("alm.ldf")));
 * // by frame and signal name
 * fio.send("ALM_Req_A", Map.of("AmbLightColourRed", 255, "AmbLightIntensity", 255, "AmbLightLIDFrom", nad));
 * Optional<Map<String, Object>> status = fio.receive("ALM_Status");     // empty when the slave is silent
 * Optional<Object> nadNow = fio.readSignal("ALM_Status", "ALMNadNo", Duration.ofMillis(500)); // a Long
 * long nad = fio.readLong("ALM_Status", "ALMNadNo", Duration.ofMillis(500)).orElseThrow();   // typed
 * String led = fio.readText("ALM_Status", "ALMLEDState", Duration.ofMillis(500)).orElseThrow();
 * // pack and unpack without I/O
 * byte[] data = fio.pack("ALM_Req_A", Map.of("AmbLightMode", 0));
 * data[7] |= 0x80;
 * // raw bus, bypassing the LDF
 * fio.sendRaw(fio.frameId("ALM_Req_A"), data);
 * Optional<LinFrame> rx = fio.receiveRaw(0x11, 4, Duration.ofMillis(500));
 * }</pre>
 * <p>Signals left out of {@code send}/{@code pack} take their init value (use {@link #receive} first
 * to change one signal of the current state). Values go through the signals' encoding types:
 * logical names, physical numbers, BCD numbers, ASCII text; signals without one take raw numbers.
 * Checksums: classic for LIN 1.x files, frames published by LIN 1.x slaves and diagnostic frames,
 * enhanced otherwise. Lookups are cached per instance. Thread-safe when the interface is.
 */
public final class FrameIO {

    /** Receive timeout when the caller gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final LinInterface lin;
    private final LdfDatabase ldf;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    private record Slot(LdfFrame frame, FrameCodec codec, LinChecksumType checksum) {
    }

    /**
     * @param lin the bus
     * @param ldf the description of the cluster on it
     */
    public FrameIO(LinInterface lin, LdfDatabase ldf) {
        this.lin = Objects.requireNonNull(lin, "lin");
        this.ldf = Objects.requireNonNull(ldf, "ldf");
    }

    /** @return the bus */
    public LinInterface lin() {
        return lin;
    }

    /** @return the LDF */
    public LdfDatabase ldf() {
        return ldf;
    }

    /**
     * Publishes a frame as master.
     *
     * @param frame   frame name
     * @param signals signal values by name; the others take their init values
     * @throws NotFoundException for an unknown frame
     * @throws LdfCodecException for an unknown signal or a value its encoding does not accept
     */
    public void send(String frame, Map<String, ?> signals) {
        Slot slot = slot(frame);
        lin.send(new LinFrame(slot.frame.id(), slot.codec.encode(signals), slot.checksum));
    }

    /**
     * {@link #receive(String, Duration)} with {@link #DEFAULT_TIMEOUT}.
     *
     * @param frame frame name
     * @return the decoded signals, empty when no slave answered
     */
    public Optional<Map<String, Object>> receive(String frame) {
        return receive(frame, DEFAULT_TIMEOUT);
    }

    /**
     * Sends the frame's header and decodes the response.
     *
     * @param frame   frame name
     * @param timeout how long to wait for the response
     * @return the decoded signals (as {@link FrameCodec#decode(byte[])}), empty when no slave answered in time
     * @throws dev.benchhal.lin.LinChecksumException when the response has a wrong checksum
     */
    public Optional<Map<String, Object>> receive(String frame, Duration timeout) {
        Slot slot = slot(frame);
        return request(slot, timeout).map(response -> slot.codec.decode(response.data()));
    }

    /**
     * Receives a frame and returns one signal.
     *
     * @param frame   frame name
     * @param signal  signal name
     * @param timeout how long to wait for the response
     * @return the signal's value, empty when no slave answered
     * @throws LdfCodecException when the frame has no such signal
     */
    public Optional<Object> readSignal(String frame, String signal, Duration timeout) {
        Slot slot = slot(frame);
        slot.codec.indexOf(signal);
        return request(slot, timeout).map(response -> slot.codec.decodeSignal(signal, response.data()));
    }

    /**
     * Receives a frame and returns one signal as a whole number: a raw value, a BCD number, or a
     * physical value without a fraction. {@link #readSignal} gives numbers as {@code Long} or
     * {@code Double}; this spares the caller the unboxing ({@code readLong(...).getAsLong() == 16}).
     *
     * @param frame   frame name
     * @param signal  signal name
     * @param timeout how long to wait for the response
     * @return the value, empty when no slave answered
     * @throws LdfCodecException when the frame has no such signal, or its value is not a whole number
     *                           (a logical name, text, a fraction), naming the signal and the value
     */
    public OptionalLong readLong(String frame, String signal, Duration timeout) {
        Optional<Object> value = readSignal(frame, signal, timeout);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        Object v = value.get();
        if (v instanceof Long || v instanceof Integer) {
            return OptionalLong.of(((Number) v).longValue());
        }
        if (v instanceof Double && ((Double) v) == Math.rint((Double) v)) {
            return OptionalLong.of(((Double) v).longValue());
        }
        throw new LdfCodecException(ldf.source(), frame + "." + signal + " is " + describe(v) + ", not a whole number");
    }

    /**
     * Receives a frame and returns one signal as a number: its physical value where its encoding
     * has one, else its raw or BCD value.
     *
     * @param frame   frame name
     * @param signal  signal name
     * @param timeout how long to wait for the response
     * @return the value, empty when no slave answered
     * @throws LdfCodecException when the frame has no such signal, or its value is a name or text
     */
    public OptionalDouble readDouble(String frame, String signal, Duration timeout) {
        Optional<Object> value = readSignal(frame, signal, timeout);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (value.get() instanceof Number) {
            return OptionalDouble.of(((Number) value.get()).doubleValue());
        }
        throw new LdfCodecException(ldf.source(), frame + "." + signal + " is " + describe(value.get()) + ", not a number");
    }

    /**
     * Receives a frame and returns one signal as text: the logical name of its value, or its ASCII text.
     *
     * @param frame   frame name
     * @param signal  signal name
     * @param timeout how long to wait for the response
     * @return the name or text, empty when no slave answered
     * @throws LdfCodecException when the frame has no such signal, or its value is a number (no
     *                           logical name for it)
     */
    public Optional<String> readText(String frame, String signal, Duration timeout) {
        Optional<Object> value = readSignal(frame, signal, timeout);
        if (value.isPresent() && !(value.get() instanceof String)) {
            throw new LdfCodecException(ldf.source(), frame + "." + signal + " is " + describe(value.get())
                    + ", not a name or text");
        }
        return value.map(String.class::cast);
    }

    private static String describe(Object value) {
        return value instanceof String ? "\"" + value + "\"" : value instanceof byte[] ? "bytes" : String.valueOf(value);
    }

    /**
     * @param frame   frame name
     * @param signals signal values by name; the others take their init values
     * @return the frame's data bytes
     */
    public byte[] pack(String frame, Map<String, ?> signals) {
        return slot(frame).codec.encode(signals);
    }

    /**
     * @param frame frame name
     * @param data  the frame's data bytes
     * @return the decoded signals
     */
    public Map<String, Object> unpack(String frame, byte[] data) {
        return slot(frame).codec.decode(data);
    }

    /**
     * Publishes raw bytes; the checksum model is the LDF frame's when the id belongs to one, else the
     * LIN 2.x default for the id.
     *
     * @param frameId 0..0x3F
     * @param data    1..8 bytes
     */
    public void sendRaw(int frameId, byte[] data) {
        lin.send(new LinFrame(frameId, data, checksumFor(frameId)));
    }

    /**
     * Requests a response of the length the LDF gives the id.
     *
     * @param frameId 0..0x3F, an id of an LDF frame or 0x3D
     * @param timeout how long to wait
     * @return the response, empty when no slave answered
     * @throws NotFoundException when the LDF has no frame with that id (use {@link #receiveRaw(int, int, Duration)})
     */
    public Optional<LinFrame> receiveRaw(int frameId, Duration timeout) {
        int length;
        if (LinProtocol.isDiagnostic(frameId)) {
            length = 8;
        } else {
            length = ldf.frameById(frameId).map(LdfFrame::length).orElseThrow(() -> new NotFoundException(ldf.source(),
                    "no frame with id " + LdfText.hex(frameId) + "; give the length with receiveRaw(id, length, timeout)"));
        }
        return receiveRaw(frameId, length, timeout);
    }

    /**
     * @param frameId 0..0x3F
     * @param length  expected data bytes, 1..8
     * @param timeout how long to wait
     * @return the response, empty when no slave answered
     */
    public Optional<LinFrame> receiveRaw(int frameId, int length, Duration timeout) {
        try {
            return Optional.of(lin.requestResponse(frameId, length, checksumFor(frameId), timeout));
        } catch (LinNoResponseException silent) {
            return Optional.empty();
        }
    }

    /**
     * @param name frame name
     * @return the frame
     * @throws NotFoundException naming the frames the LDF has
     */
    public LdfFrame frame(String name) {
        return slot(name).frame;
    }

    /**
     * @param name frame name
     * @return its id
     */
    public int frameId(String name) {
        return slot(name).frame.id();
    }

    /**
     * @param name frame name
     * @return its length in bytes
     */
    public int frameLength(String name) {
        return slot(name).frame.length();
    }

    /**
     * @param name frame name
     * @return the checksum model frames of this name use
     */
    public LinChecksumType checksum(String name) {
        return slot(name).checksum;
    }

    /**
     * @param name frame name
     * @return its codec
     */
    public FrameCodec codec(String name) {
        return slot(name).codec;
    }

    private Optional<LinFrame> request(Slot slot, Duration timeout) {
        try {
            return Optional.of(lin.requestResponse(slot.frame.id(), slot.frame.length(), slot.checksum, timeout));
        } catch (LinNoResponseException silent) {
            return Optional.empty();
        }
    }

    private Slot slot(String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            slot = slots.computeIfAbsent(name, n -> {
                LdfFrame frame = ldf.requireFrame(n);
                return new Slot(frame, ldf.codec(n), checksumOf(frame));
            });
        }
        return slot;
    }

    private LinChecksumType checksumFor(int frameId) {
        if (LinProtocol.isDiagnostic(frameId)) {
            return LinChecksumType.CLASSIC;
        }
        return ldf.frameById(frameId).map(this::checksumOf).orElse(LinChecksumType.defaultFor(frameId));
    }

    private LinChecksumType checksumOf(LdfFrame frame) {
        if (LinProtocol.isDiagnostic(frame.id()) || ldf.header().isLin1()) {
            return LinChecksumType.CLASSIC;
        }
        boolean lin1Publisher = ldf.nodeAttributes(frame.publisher())
                .map(n -> n.linProtocol().startsWith("1.")).orElse(false);
        return lin1Publisher ? LinChecksumType.CLASSIC : LinChecksumType.ENHANCED;
    }

    @Override
    public String toString() {
        return "FrameIO[" + lin.uri() + " with " + ldf.source() + "]";
    }
}
