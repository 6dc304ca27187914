package dev.benchhal.lin.mock;

import dev.benchhal.error.HalException;
import dev.benchhal.lin.LinBusException;
import dev.benchhal.lin.LinNoResponseException;

import java.util.Arrays;

/**
 * A slave's response on its way to the master (its bytes, its checksum byte, when it ends) and
 * what an injected {@link LinFault} does to it: corrupt or delay it, or end the exchange in
 * silence or an error. Used by one exchange, under the bus lock.
 */
final class Transmission {

    /**
     * How an exchange ends instead of with the response.
     *
     * @param data  the bytes the master saw (none when silent)
     * @param error the master's error; null when the slave stayed silent
     * @param note  what happened, for the trace
     */
    @SuppressWarnings("ArrayRecordComponent") // what the master saw, traced once, never compared
    record Interruption(byte[] data, HalException error, String note) {
        boolean silent() {
            return error == null;
        }
    }

    private final String bus;
    private final int id;
    private final String frameName;
    private final String responder;
    private final int expectedLength;
    byte[] wire;
    int checksum;
    long endNanos;

    /**
     * @param bus            the bus URI, for messages
     * @param id             the frame id
     * @param frameName      the frame, for the trace
     * @param responder      the answering slave
     * @param expectedLength the bytes the master reads
     * @param data           the response (copied)
     * @param checksum       its checksum byte
     * @param endNanos       bench time at which it ends
     */
    Transmission(String bus, int id, String frameName, String responder, int expectedLength, byte[] data, int checksum,
                 long endNanos) {
        this.bus = bus;
        this.id = id;
        this.frameName = frameName;
        this.responder = responder;
        this.expectedLength = expectedLength;
        this.wire = data.clone();
        this.checksum = checksum;
        this.endNanos = endNanos;
    }

    /**
     * Applies a fault.
     *
     * @param fault     the fault
     * @param faults    its random bit and lateness
     * @param windowEnd bench time at which the master stops waiting
     * @return how the exchange ends instead, or null when the (changed) response goes on
     */
    Interruption inject(LinFault fault, FaultInjector faults, long windowEnd) {
        switch (fault) {
            case NO_RESPONSE:
                return new Interruption(new byte[0], null, frameName + ": injected no response");
            case WRONG_CHECKSUM:
                checksum = (~checksum) & 0xFF;
                return null;
            case TRUNCATED:
                return new Interruption(Arrays.copyOf(wire, wire.length / 2), new LinNoResponseException(bus, String.format(
                        "0x%02X: slave %s answered %d of %d bytes", id, responder, wire.length / 2, expectedLength)),
                        frameName + ": injected truncation");
            case BIT_FLIP: {
                int bit = faults.flipBit(8 * wire.length);
                wire[bit / 8] ^= (byte) (1 << (bit % 8));
                return null;
            }
            case COLLISION:
                return new Interruption(wire, new LinBusException(bus, String.format("collision on 0x%02X: injected", id)),
                        frameName + ": injected collision");
            case LATE_RESPONSE: {
                long late = endNanos + faults.lateBy().toNanos();
                if (late > windowEnd) {
                    return new Interruption(new byte[0], null, frameName + ": injected late response, "
                            + faults.lateBy().toMillis() + " ms after the window");
                }
                endNanos = late;
                return null;
            }
            default:
                throw new IllegalStateException("unknown fault " + fault);
        }
    }
}
