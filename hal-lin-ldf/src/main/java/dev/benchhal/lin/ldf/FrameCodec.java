package dev.benchhal.lin.ldf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs and unpacks one unconditional frame. Signals are numbered by their bit offset (index 0
 * is the signal nearest to bit 0). A frame is at most 8 bytes, so the codec works on the frame as
 * one 64-bit number: bit n of the number is bit {@code n % 8} of byte {@code n / 8}.
 * <p>Three levels, fastest first:
 * <ul>
 * <li>raw by index: {@link #encodeRaw(long[], byte[])} and {@link #decodeRaw(byte[], long[])}, no
 *     allocation; byte-array signals hold byte 0 in the low 8 bits of their {@code long};</li>
 * <li>raw by name: {@link #encodeRaw(Map)} and {@link #decodeRaw(byte[])}, scalars as {@link Long},
 *     byte arrays as {@code List<Integer>};</li>
 * <li>converted by name: {@link #encode(Map)} and {@link #decode(byte[])} through the signals'
 *     encoding types (physical values, logical names, BCD, ASCII).</li>
 * </ul>
 * Signals the caller leaves out get their init value. Bits no signal covers are 0 unless the
 * codec was made with {@link UnusedBits#ONES}. Instances are immutable and thread-safe.
 */
public final class FrameCodec {

    private final LdfFrame frame;
    private final UnusedBits unusedBits;
    private final int length;
    private final LdfSignal[] signals;
    private final EncodingType[] encodings;
    /** Per signal: its encoding is ambiguous, so a decoded value is checked to encode back to its raw value. */
    private final boolean[] verifyDecoded;
    private final String[] names;
    private final int[] offsets;
    private final long[] masks;
    private final long[] initRaw;
    private final long unusedFill;
    private final Map<String, Integer> indexByName;
    private final List<String> signalNames;

    FrameCodec(LdfDatabase ldf, LdfFrame frame, UnusedBits unusedBits) {
        this.frame = frame;
        this.unusedBits = unusedBits;
        this.length = frame.length();
        List<PlacedSignal> placed = new ArrayList<>(frame.signals());
        placed.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        int n = placed.size();
        this.signals = new LdfSignal[n];
        this.encodings = new EncodingType[n];
        this.verifyDecoded = new boolean[n];
        this.names = new String[n];
        this.offsets = new int[n];
        this.masks = new long[n];
        this.initRaw = new long[n];
        this.indexByName = new HashMap<>(n * 2);
        long used = 0;
        for (int i = 0; i < n; i++) {
            PlacedSignal p = placed.get(i);
            LdfSignal signal = ldf.requireSignal(p.signal());
            signals[i] = signal;
            encodings[i] = ldf.encodingOf(signal.name()).orElse(null);
            verifyDecoded[i] = encodings[i] != null && !encodings[i].decodedValuesEncodeBack();
            names[i] = signal.name();
            offsets[i] = p.offset();
            masks[i] = signal.mask();
            initRaw[i] = signal.initRaw() & signal.mask();
            used |= signal.mask() << p.offset();
            indexByName.put(signal.name(), i);
        }
        long frameMask = length == 8 ? -1L : (1L << (8 * length)) - 1;
        this.unusedFill = unusedBits == UnusedBits.ONES ? frameMask & ~used : 0L;
        this.signalNames = Collections.unmodifiableList(Arrays.asList(names.clone()));
    }

    private FrameCodec(FrameCodec other, UnusedBits unusedBits) {
        this.frame = other.frame;
        this.unusedBits = unusedBits;
        this.length = other.length;
        this.signals = other.signals;
        this.encodings = other.encodings;
        this.verifyDecoded = other.verifyDecoded;
        this.names = other.names;
        this.offsets = other.offsets;
        this.masks = other.masks;
        this.initRaw = other.initRaw;
        this.indexByName = other.indexByName;
        this.signalNames = other.signalNames;
        long used = 0;
        for (int i = 0; i < masks.length; i++) {
            used |= masks[i] << offsets[i];
        }
        long frameMask = length == 8 ? -1L : (1L << (8 * length)) - 1;
        this.unusedFill = unusedBits == UnusedBits.ONES ? frameMask & ~used : 0L;
    }

    /**
     * @param policy what to put in bits no signal covers
     * @return a codec of the same frame with that policy
     */
    public FrameCodec withUnusedBits(UnusedBits policy) {
        return policy == unusedBits ? this : new FrameCodec(this, policy);
    }

    /** @return the frame */
    public LdfFrame frame() {
        return frame;
    }

    /** @return the frame length in bytes */
    public int length() {
        return length;
    }

    /** @return the unused-bits policy */
    public UnusedBits unusedBits() {
        return unusedBits;
    }

    /** @return signal names by index (bit offset order) */
    public List<String> signalNames() {
        return signalNames;
    }

    /** @return the number of signals */
    public int signalCount() {
        return names.length;
    }

    /**
     * @param index a signal index
     * @return the signal
     */
    public LdfSignal signal(int index) {
        return signals[index];
    }

    /**
     * @param index a signal index
     * @return its bit offset in the frame
     */
    public int offset(int index) {
        return offsets[index];
    }

    /**
     * @param signal a signal name
     * @return its index
     * @throws LdfCodecException when the frame has no such signal, listing the ones it has
     */
    public int indexOf(String signal) {
        Integer index = indexByName.get(signal);
        if (index == null) {
            throw new LdfCodecException(frame.name(), "has no signal \"" + signal + "\"; it has "
                    + String.join(", ", signalNames));
        }
        return index;
    }

    /** @return a new array with every signal's init value, for {@link #encodeRaw(long[], byte[])} */
    public long[] initValues() {
        return initRaw.clone();
    }

    /**
     * Packs raw values into {@code out[0..length-1]}.
     *
     * @param raw one raw value per signal, by index
     * @param out receives the frame bytes; at least {@link #length()} long
     * @throws LdfCodecException when a value does not fit its signal
     */
    public void encodeRaw(long[] raw, byte[] out) {
        if (raw.length != masks.length) {
            throw new LdfCodecException(frame.name(), "expected " + masks.length + " raw values, got " + raw.length);
        }
        long bits = unusedFill;
        for (int i = 0; i < raw.length; i++) {
            long value = raw[i];
            if ((value & ~masks[i]) != 0) {
                throw tooWide(i, value);
            }
            bits |= value << offsets[i];
        }
        for (int k = 0; k < length; k++) {
            out[k] = (byte) (bits >>> (8 * k));
        }
    }

    /**
     * @param raw one raw value per signal, by index
     * @return the frame bytes
     */
    public byte[] encodeRaw(long[] raw) {
        byte[] out = new byte[length];
        encodeRaw(raw, out);
        return out;
    }

    /**
     * Unpacks raw values.
     *
     * @param data the frame bytes, exactly {@link #length()}
     * @param raw  receives one raw value per signal, by index
     * @throws LdfCodecException when {@code data} has the wrong length
     */
    public void decodeRaw(byte[] data, long[] raw) {
        long bits = bits(data);
        for (int i = 0; i < masks.length; i++) {
            raw[i] = (bits >>> offsets[i]) & masks[i];
        }
    }

    /**
     * Packs raw values given by name; signals left out get their init value.
     *
     * @param raw signal name to raw value: a {@link Number} for scalars; for byte arrays a {@code byte[]},
     *            an {@code int[]} or a {@code List} of numbers, byte 0 first
     * @return the frame bytes
     * @throws LdfCodecException for an unknown signal or a value that does not fit
     */
    public byte[] encodeRaw(Map<String, ?> raw) {
        long[] values = initRaw.clone();
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            int i = indexOf(entry.getKey());
            values[i] = toRaw(i, entry.getValue());
        }
        return encodeRaw(values);
    }

    /**
     * @param data the frame bytes, exactly {@link #length()}
     * @return signal name to raw value in offset order: {@link Long} for scalars, {@code List<Integer>} for byte arrays
     */
    public Map<String, Object> decodeRaw(byte[] data) {
        long bits = bits(data);
        Map<String, Object> out = new LinkedHashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            long raw = (bits >>> offsets[i]) & masks[i];
            out.put(names[i], signals[i].array() ? bytesOf(raw, signals[i].width() / 8) : (Object) raw);
        }
        return out;
    }

    /**
     * Packs values by name through the signals' encoding types; signals left out get their init
     * value, signals without an encoding type take raw values as in {@link #encodeRaw(Map)}.
     *
     * @param values signal name to value: a physical number, a logical name, a BCD number, ASCII text
     * @return the frame bytes
     * @throws LdfCodecException for an unknown signal or a value the encoding does not accept
     */
    public byte[] encode(Map<String, ?> values) {
        long[] raw = initRaw.clone();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            int i = indexOf(entry.getKey());
            raw[i] = encodeValue(i, entry.getValue());
        }
        return encodeRaw(raw);
    }

    /**
     * @param index a signal index
     * @param value a value as {@link #encode(Map)} takes it
     * @return the raw value
     */
    public long encodeValue(int index, Object value) {
        if (value instanceof RawValue) {
            long raw = ((RawValue) value).value();
            if ((raw & ~masks[index]) != 0) {
                throw tooWide(index, raw);
            }
            return raw;
        }
        EncodingType encoding = encodings[index];
        if (encoding == null || (signals[index].array() && isByteList(value))) {
            // bytes as decode gives them for an array no converter accepts: raw, as without an encoding
            return toRaw(index, value);
        }
        return encoding.encode(value, signals[index]);
    }

    private static boolean isByteList(Object value) {
        return value instanceof java.util.List || value instanceof byte[] || value instanceof int[];
    }

    /**
     * Unpacks values and converts them through the signals' encoding types. A signal without an
     * encoding type is returned raw (as in {@link #decodeRaw(byte[])}); a scalar whose raw value no
     * converter accepts is a {@link RawValue}, an array's a {@code List<Integer>}, so one out-of-range
     * signal does not hide the others, and {@link #encode(Map)} takes every decoded value back.
     *
     * @param data the frame bytes, exactly {@link #length()}
     * @return signal name to value in offset order: {@link Double} (physical), {@link String} (logical
     *         name, ASCII), {@link Long} (BCD, raw without encoding), {@link RawValue} (raw no converter
     *         accepts), {@code List<Integer>} (raw byte array)
     */
    public Map<String, Object> decode(byte[] data) {
        long bits = bits(data);
        Map<String, Object> out = new LinkedHashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], convert(i, (bits >>> offsets[i]) & masks[i]));
        }
        return out;
    }

    /**
     * Unpacks converted values into an array, without allocating a map.
     *
     * @param data the frame bytes, exactly {@link #length()}
     * @param out  receives one value per signal, by index, as {@link #decode(byte[])} returns them
     */
    public void decode(byte[] data, Object[] out) {
        long bits = bits(data);
        for (int i = 0; i < names.length; i++) {
            out[i] = convert(i, (bits >>> offsets[i]) & masks[i]);
        }
    }

    /**
     * @param signal a signal name
     * @param data   the frame bytes
     * @return the signal's value as {@link #decode(byte[])} returns it
     */
    public Object decodeSignal(String signal, byte[] data) {
        int i = indexOf(signal);
        return convert(i, (bits(data) >>> offsets[i]) & masks[i]);
    }

    private Object convert(int i, long raw) {
        EncodingType encoding = encodings[i];
        if (encoding != null) {
            Object value = encoding.decodeOrNull(raw, signals[i]);
            if (value != null && verifyDecoded[i] && !encodesBackTo(encoding, value, signals[i], raw)) {
                // an ambiguous encoding (a name for several raw values, overlapping ranges): the name
                // alone would encode to another raw value, so the raw value goes with it
                return new RawValue(raw, value instanceof String ? (String) value : null);
            }
            if (value != null) {
                return value;
            }
            if (!signals[i].array()) {
                return new RawValue(raw);
            }
        }
        return signals[i].array() ? bytesOf(raw, signals[i].width() / 8) : (Object) raw;
    }

    private static boolean encodesBackTo(EncodingType encoding, Object value, LdfSignal signal, long raw) {
        try {
            return encoding.encode(value, signal) == raw;
        } catch (LdfCodecException e) {
            return false;
        }
    }

    private long bits(byte[] data) {
        if (data.length != length) {
            throw new LdfCodecException(frame.name(), "expected " + length + " data bytes, got " + data.length);
        }
        long bits = 0;
        for (int k = 0; k < length; k++) {
            bits |= (data[k] & 0xFFL) << (8 * k);
        }
        return bits;
    }

    private long toRaw(int i, Object value) {
        LdfSignal signal = signals[i];
        long raw;
        if (signal.array() && !(value instanceof Number)) {
            int bytes = signal.width() / 8;
            int[] given = byteValues(signal, value);
            if (given.length != bytes) {
                throw new LdfCodecException(frame.name(), signal.name() + " is a " + bytes + "-byte array, got "
                        + given.length + " bytes");
            }
            raw = 0;
            for (int k = 0; k < bytes; k++) {
                if (given[k] < 0 || given[k] > 0xFF) {
                    throw new LdfCodecException(frame.name(), signal.name() + " byte " + k + " is " + given[k]
                            + ", not 0..255");
                }
                raw |= (long) given[k] << (8 * k);
            }
            return raw;
        }
        if (!(value instanceof Number)) {
            throw new LdfCodecException(frame.name(), signal.name() + " has no encoding type; expected a raw number, got "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        Number number = (Number) value;
        double d = number.doubleValue();
        if (!(number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte)
                && d != Math.rint(d)) {
            throw new LdfCodecException(frame.name(), signal.name() + ": raw values are whole numbers, got " + number);
        }
        raw = number.longValue();
        if ((raw & ~masks[i]) != 0) {
            throw tooWide(i, raw);
        }
        return raw;
    }

    private int[] byteValues(LdfSignal signal, Object value) {
        if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            int[] out = new int[bytes.length];
            for (int k = 0; k < bytes.length; k++) {
                out[k] = bytes[k] & 0xFF;
            }
            return out;
        }
        if (value instanceof int[]) {
            return (int[]) value;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            int[] out = new int[list.size()];
            for (int k = 0; k < out.length; k++) {
                Object item = list.get(k);
                if (!(item instanceof Number)) {
                    throw new LdfCodecException(frame.name(), signal.name() + " byte " + k + " is not a number: " + item);
                }
                out[k] = ((Number) item).intValue();
            }
            return out;
        }
        throw new LdfCodecException(frame.name(), signal.name() + " is a byte array; expected byte[], int[] or a list of "
                + "numbers, got " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private LdfCodecException tooWide(int i, long value) {
        return new LdfCodecException(frame.name(), names[i] + ": raw value " + value + " does not fit in "
                + signals[i].width() + " bits (0.." + Long.toUnsignedString(masks[i]) + ")");
    }

    /**
     * The bytes of a byte-array signal's raw value, as decode gives them.
     *
     * @param raw   the raw value, byte 0 in the low 8 bits
     * @param bytes how many bytes the signal has
     * @return the bytes, byte 0 first, each 0..255
     */
    public static List<Integer> bytesOf(long raw, int bytes) {
        Integer[] out = new Integer[bytes];
        for (int k = 0; k < bytes; k++) {
            out[k] = (int) ((raw >>> (8 * k)) & 0xFF);
        }
        return List.of(out);
    }

    @Override
    public String toString() {
        return "FrameCodec[" + frame.name() + " id=" + LdfText.hex(frame.id()) + " " + length + " bytes, "
                + names.length + " signals, unused bits " + unusedBits + "]";
    }
}
