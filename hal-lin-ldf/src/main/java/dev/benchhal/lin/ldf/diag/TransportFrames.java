package dev.benchhal.lin.ldf.diag;

import dev.benchhal.error.ProtocolException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The LIN transport layer's frames (ISO 17987-2, LIN 2.x): a message (service id and data, up to
 * 4095 bytes) travels in 8-byte frames {@code NAD PCI ...}: a single frame {@code NAD 0L D1..D6}
 * for up to 6 bytes; otherwise a first frame {@code NAD 1H LL D1..D5} (length {@code HLL}, 12
 * bits) and consecutive frames {@code NAD 2N D1..D6} numbered 1, 2, ... 15, 0, 1 ... Unused bytes
 * are 0xFF. Pure functions; the master's and the simulated slave's side both use them.
 */
public final class TransportFrames {

    /** The longest message: 12 bits of length. */
    public static final int MAX_LENGTH = 4095;
    /** The filler of unused bytes. */
    public static final byte PADDING = (byte) 0xFF;
    /** The most data a single frame carries. */
    public static final int SINGLE_FRAME_MAX = 6;

    /** What a frame's PCI says it is. */
    public enum Kind {
        /** a whole message of 1..6 bytes */
        SINGLE,
        /** the start of a longer message, with its length */
        FIRST,
        /** the next 6 bytes of a longer message, with a sequence number */
        CONSECUTIVE
    }

    private TransportFrames() {
    }

    /**
     * Cuts a message into frames.
     *
     * @param nad     the node address, 0x01..0x7F
     * @param message service id and data, 1..4095 bytes
     * @return the 8-byte frames, in order
     * @throws IllegalArgumentException for a NAD or length out of range
     */
    public static List<byte[]> segment(int nad, byte[] message) {
        if (nad < 1 || nad > 0x7F) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "NAD 0x%02X: expected 0x01..0x7F", nad));
        }
        if (message.length < 1 || message.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a message has 1.." + MAX_LENGTH + " bytes, this one " + message.length);
        }
        List<byte[]> frames = new ArrayList<>();
        if (message.length <= SINGLE_FRAME_MAX) {
            byte[] f = frame(nad, message.length);
            System.arraycopy(message, 0, f, 2, message.length);
            frames.add(f);
            return frames;
        }
        byte[] first = frame(nad, 0x10 | (message.length >>> 8));
        first[2] = (byte) message.length;
        System.arraycopy(message, 0, first, 3, 5);
        frames.add(first);
        int sequence = 1;
        for (int at = 5; at < message.length; at += 6) {
            byte[] f = frame(nad, 0x20 | (sequence & 0x0F));
            System.arraycopy(message, at, f, 2, Math.min(6, message.length - at));
            frames.add(f);
            sequence++;
        }
        return frames;
    }

    /**
     * @param frame an 8-byte frame
     * @return what its PCI says it is
     * @throws IllegalArgumentException for a PCI that is none of them, or a length out of range
     */
    public static Kind kind(byte[] frame) {
        int pci = frame[1] & 0xFF;
        switch (pci >>> 4) {
            case 0:
                if (pci >= 1 && pci <= SINGLE_FRAME_MAX) {
                    return Kind.SINGLE;
                }
                throw new IllegalArgumentException(String.format(Locale.ROOT, "PCI 0x%02X: a single frame carries 1..6 bytes", pci));
            case 1:
                if (firstFrameLength(frame) <= SINGLE_FRAME_MAX) {
                    throw new IllegalArgumentException("first frame of a " + firstFrameLength(frame)
                            + "-byte message: messages of up to 6 bytes go in a single frame");
                }
                return Kind.FIRST;
            case 2:
                return Kind.CONSECUTIVE;
            default:
                throw new IllegalArgumentException(String.format(Locale.ROOT, "PCI 0x%02X is not a transport frame", pci));
        }
    }

    private static int firstFrameLength(byte[] frame) {
        return (frame[1] & 0x0F) << 8 | (frame[2] & 0xFF);
    }

    private static byte[] frame(int nad, int pci) {
        byte[] f = new byte[8];
        Arrays.fill(f, PADDING);
        f[0] = (byte) nad;
        f[1] = (byte) pci;
        return f;
    }

    /**
     * Puts a message together from its frames, checking each frame's PCI, the length and the
     * sequence numbers. Not thread-safe: one per receiver.
     */
    public static final class Reassembly {

        private final String source;
        private byte[] buffer;
        private int received;
        private int nextSequence;

        /** @param source what the frames come from, for errors ("ALM_Node (NAD 0x10)") */
        public Reassembly(String source) {
            this.source = source;
        }

        /**
         * @param frame the next 8-byte frame
         * @return the message when this frame completes it, empty while more frames must come
         * @throws ProtocolException for a frame that does not fit: a bad PCI, a consecutive frame
         *                           without a first frame or out of sequence, a new message
         *                           before the last one is complete; the reassembly is reset
         */
        public Optional<byte[]> accept(byte[] frame) {
            if (frame.length != 8) {
                throw fail("a transport frame has 8 bytes, this one " + frame.length, frame);
            }
            Kind kind;
            try {
                kind = kind(frame);
            } catch (IllegalArgumentException bad) {
                throw fail(bad.getMessage(), frame);
            }
            if (kind != Kind.CONSECUTIVE && inProgress()) {
                throw fail("a new message began after " + received + " of " + buffer.length
                        + " bytes of the last one", frame);
            }
            switch (kind) {
                case SINGLE:
                    return Optional.of(Arrays.copyOfRange(frame, 2, 2 + (frame[1] & 0x0F)));
                case FIRST:
                    buffer = new byte[firstFrameLength(frame)];
                    System.arraycopy(frame, 3, buffer, 0, 5);
                    received = 5;
                    nextSequence = 1;
                    return Optional.empty();
                default:
                    if (!inProgress()) {
                        throw fail("a consecutive frame without a first frame", frame);
                    }
                    int sequence = frame[1] & 0x0F;
                    if (sequence != nextSequence) {
                        int expected = nextSequence;
                        throw fail("consecutive frame number " + sequence + " where " + expected
                                + " was due (after " + received + " of " + buffer.length + " bytes): a frame was lost", frame);
                    }
                    int n = Math.min(6, buffer.length - received);
                    System.arraycopy(frame, 2, buffer, received, n);
                    received += n;
                    nextSequence = (nextSequence + 1) & 0x0F;
                    if (received < buffer.length) {
                        return Optional.empty();
                    }
                    byte[] message = buffer;
                    reset();
                    return Optional.of(message);
            }
        }

        /** @return whether a first frame came and the message is not complete yet */
        public boolean inProgress() {
            return buffer != null;
        }

        /** @return the bytes of the message in progress received so far, 0 when none is in progress */
        public int received() {
            return inProgress() ? received : 0;
        }

        /** @return the length of the message in progress, 0 when none is */
        public int expected() {
            return inProgress() ? buffer.length : 0;
        }

        /** Drops the message in progress. */
        public void reset() {
            buffer = null;
            received = 0;
            nextSequence = 0;
        }

        private ProtocolException fail(String detail, byte[] frame) {
            reset();
            return new ProtocolException(source, detail, frame, null);
        }
    }
}
