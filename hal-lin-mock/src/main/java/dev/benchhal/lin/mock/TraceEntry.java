package dev.benchhal.lin.mock;

import dev.benchhal.lin.LinChecksumType;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One event on the simulated bus.
 *
 * @param at       bench time since the simulator opened
 * @param kind     what happened
 * @param frameId  frame id, -1 for events without one (wake-up, power)
 * @param data     data bytes on the wire (empty when none)
 * @param checksum checksum byte on the wire, -1 when none
 * @param checksumType checksum model of the frame, {@code null} when none
 * @param node     who sent the response ({@code "master"} for master frames), empty when nobody
 * @param note     a person-readable remark: the frame name, the error
 */
public record TraceEntry(Duration at, Kind kind, int frameId, List<Integer> data, int checksum,
                         LinChecksumType checksumType, String node, String note) {

    /** What a trace entry records. */
    public enum Kind {
        /** the master published a frame (header and response) */
        MASTER_FRAME,
        /** a slave answered a header */
        SLAVE_RESPONSE,
        /** nobody answered a header */
        NO_RESPONSE,
        /** a response that failed: wrong checksum, truncated, collision, late */
        ERROR,
        /** the master sent a wake-up pulse */
        WAKE_UP,
        /** the master sent the go-to-sleep command; slaves sleep */
        SLEEP,
        /** the slaves' supply switched on */
        POWER_ON,
        /** the slaves' supply switched off */
        POWER_OFF
    }

    /**
     * Validates and freezes the parts.
     *
     * @param at       bench time since the simulator opened
     * @param kind     what happened
     * @param frameId  frame id, -1 for events without one (wake-up, power)
     * @param data     data bytes on the wire (empty when none)
     * @param checksum checksum byte on the wire, -1 when none
     * @param checksumType checksum model of the frame, {@code null} when none
     * @param node     who sent the response ({@code "master"} for master frames), empty when nobody
     * @param note     a person-readable remark: the frame name, the error
     */
    public TraceEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        data = List.copyOf(data);
        node = node == null ? "" : node;
        note = note == null ? "" : note;
    }

    /** @return {@code true} for complete frames (master frames and slave responses) */
    public boolean isFrame() {
        return kind == Kind.MASTER_FRAME || kind == Kind.SLAVE_RESPONSE;
    }

    /** @return the data as bytes */
    public byte[] bytes() {
        byte[] out = new byte[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (int) data.get(i);
        }
        return out;
    }

    /** @return one line: seconds, id, kind, bytes, checksum, node, note */
    public String toLine() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%12.6f %-4s %-14s", at.toNanos() / 1e9,
                frameId < 0 ? "-" : String.format("0x%02X", frameId), kind));
        for (int b : data) {
            line.append(String.format(" %02X", b));
        }
        if (checksum >= 0) {
            line.append(String.format(" [%02X]", checksum));
        }
        if (!node.isEmpty()) {
            line.append(' ').append(node);
        }
        if (!note.isEmpty()) {
            line.append(" ; ").append(note);
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return "TraceEntry[" + toLine().strip() + "]";
    }
}
