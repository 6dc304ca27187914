package dev.benchhal.lin.ldf.diag;

import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.lin.LinChecksumException;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.NodeAttributes;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;
import dev.benchhal.util.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The master's side of LIN diagnostics with one node: a request goes out on 0x3C in as many frames
 * as it needs ({@link TransportFrames}), ST_min apart; after P2_min the master sends slave response
 * headers (0x3D) until the node's response is complete, waiting for its start, for each of its
 * consecutive frames (N_Cr) and after its first "response pending" (0x78) as the
 * {@link TransportTiming} allows: every wait is bounded.
 * <pre>{@code
 * DiagnosticTransport alm = DiagnosticTransport.to(lin, ldf.nodeAttributes("ALM_Node"));
 * byte[] session = alm.request(0x10, 0x02);        // 50 02 ...: programming session
 * }</pre>
 *
 * <p>Thread-safe: one exchange at a time per transport (others wait); the LIN interface serializes
 * single frames, so share one transport per node among threads. Blocks for the exchange, in the LIN
 * interface's bench time ({@link LinInterface#clock()}).
 *
 * <p>Errors: {@link NegativeResponseException} when the node refuses; {@link HalTimeoutException}
 * naming the limit (N_As, N_Cr, the response or pending timeout) and how far the exchange got;
 * {@link ProtocolException} for a frame that does not belong (another NAD, a bad PCI, a lost
 * consecutive frame, a wrong checksum, an answer to another service).
 */
public final class DiagnosticTransport {

    private static final Logger log = LoggerFactory.getLogger(DiagnosticTransport.class);
    private static final int NEGATIVE = 0x7F;
    private static final int RESPONSE_PENDING = 0x78;

    private final LinInterface lin;
    private final int nad;
    private final TransportTiming timing;
    private final String source;
    private final String name;
    private final ReentrantLock exchange = new ReentrantLock();

    private DiagnosticTransport(LinInterface lin, int nad, TransportTiming timing, String name) {
        this.name = name;
        if (nad < 1 || nad > 0x7F) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "NAD 0x%02X: expected 0x01..0x7F", nad));
        }
        this.lin = lin;
        this.nad = nad;
        this.timing = timing;
        this.source = String.format(Locale.ROOT, "%s (NAD 0x%02X) on %s", name, nad, lin.uri());
    }

    /**
     * @param lin  the bus
     * @param node the node's attributes: its configured NAD and its timing
     * @return a transport to that node
     */
    public static DiagnosticTransport to(LinInterface lin, NodeAttributes node) {
        return new DiagnosticTransport(lin, node.configuredNad(), TransportTiming.of(node), node.name());
    }

    /**
     * @param lin    the bus
     * @param nad    the node's NAD, 0x01..0x7F (0x7F: any node, for one node on the bus)
     * @param timing the timing
     * @return a transport to that node
     */
    public static DiagnosticTransport to(LinInterface lin, int nad, TransportTiming timing) {
        return new DiagnosticTransport(lin, nad, timing, "node");
    }

    /**
     * @param other the timing to use
     * @return this transport with another timing (a longer pending timeout for erasing flash)
     */
    public DiagnosticTransport withTiming(TransportTiming other) {
        return new DiagnosticTransport(lin, nad, other, name);
    }

    /** @return the node's NAD */
    public int nad() {
        return nad;
    }

    /** @return the timing of the exchanges */
    public TransportTiming timing() {
        return timing;
    }

    /** @return the bench clock of the bus the exchanges run on */
    public BenchClock clock() {
        return lin.clock();
    }

    /** @return the node and bus, as errors name them */
    public String source() {
        return source;
    }

    /**
     * {@link #request(byte[])} of the given bytes.
     *
     * @param message service id and data, each 0..255
     * @return the positive response: response service id (service id + 0x40) and data
     */
    public byte[] request(int... message) {
        byte[] bytes = new byte[message.length];
        for (int i = 0; i < message.length; i++) {
            if (message[i] < 0 || message[i] > 0xFF) {
                throw new IllegalArgumentException("byte " + i + " of the message is " + message[i] + ", not 0..255");
            }
            bytes[i] = (byte) message[i];
        }
        return request(bytes);
    }

    /**
     * Sends a diagnostic request and returns the node's positive response. Blocks for the exchange.
     *
     * @param message service id and data, 1..4095 bytes
     * @return the positive response: response service id (service id + 0x40) and data
     * @throws NegativeResponseException when the node refuses the request
     * @throws HalTimeoutException       when a limit of the timing passes, naming it
     * @throws ProtocolException         for a response frame that does not belong
     * @throws IllegalArgumentException  for a message of no or more than 4095 bytes
     */
    public byte[] request(byte[] message) {
        List<byte[]> frames = TransportFrames.segment(nad, message);
        int sid = message[0] & 0xFF;
        exchange.lock();
        try {
            BenchClock clock = lin.clock();
            send(clock, frames, sid);
            byte[] response = receive(clock, sid);
            log.debug("{}: {} -> {}", source, Hex.format(message), Hex.format(response));
            return response;
        } finally {
            exchange.unlock();
        }
    }

    private void send(BenchClock clock, List<byte[]> frames, int sid) {
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0 && !timing.stMin().isZero()) {
                clock.sleep(timing.stMin());
            }
            long start = clock.nanoTime();
            lin.send(LinFrame.of(LinProtocol.MASTER_REQUEST_ID, frames.get(i)));
            Duration took = clock.since(start);
            if (took.compareTo(timing.nAs()) > 0) {
                throw new HalTimeoutException(source, String.format(Locale.ROOT,
                        "N_As: request frame %d of %d of service 0x%02X took %s on the bus (limit %s)", i + 1,
                        frames.size(), sid, Durations.format(took), Durations.format(timing.nAs())));
            }
        }
    }

    private byte[] receive(BenchClock clock, int sid) {
        if (!timing.p2Min().isZero()) {
            clock.sleep(timing.p2Min());
        }
        TransportFrames.Reassembly reassembly = new TransportFrames.Reassembly(source);
        long deadline = clock.nanoTime() + timing.responseTimeout().toNanos();
        String waitingFor = String.format(Locale.ROOT, "response timeout: no response to service 0x%02X within %s",
                sid, Durations.format(timing.p2Min().plus(timing.responseTimeout())));
        boolean pending = false;
        while (true) {
            LinFrame frame;
            try {
                frame = lin.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8);
            } catch (LinNoResponseException silent) {
                if (clock.nanoTime() - deadline >= 0) {
                    throw new HalTimeoutException(source, waitingFor);
                }
                clock.sleep(timing.pollInterval());
                continue;
            } catch (LinChecksumException corrupted) {
                throw new ProtocolException(source, String.format(Locale.ROOT,
                        "a response frame to service 0x%02X had a wrong checksum after %d of %s bytes", sid,
                        reassembly.received(), reassembly.inProgress() ? reassembly.expected() : "?"), null, corrupted);
            }
            byte[] data = frame.data();
            if ((data[0] & 0xFF) != nad && nad != 0x7F) {
                throw new ProtocolException(source, String.format(Locale.ROOT,
                        "a response from NAD 0x%02X to a request for NAD 0x%02X", data[0] & 0xFF, nad), data, null);
            }
            Optional<byte[]> complete = reassembly.accept(data);
            if (complete.isEmpty()) {
                deadline = clock.nanoTime() + timing.nCr().toNanos();
                waitingFor = String.format(Locale.ROOT, "N_Cr: no consecutive frame after %d of %d bytes of the response "
                        + "to service 0x%02X within %s", reassembly.received(), reassembly.expected(), sid,
                        Durations.format(timing.nCr()));
                continue;
            }
            byte[] response = complete.get();
            if ((response[0] & 0xFF) == NEGATIVE) {
                if (response.length < 3 || (response[1] & 0xFF) != sid) {
                    throw new ProtocolException(source, String.format(Locale.ROOT,
                            "a negative response that is not about service 0x%02X", sid), response, null);
                }
                int nrc = response[2] & 0xFF;
                if (nrc != RESPONSE_PENDING) {
                    throw new NegativeResponseException(source, sid, nrc, null);
                }
                if (!pending) { // the node answers each poll with it: the limit counts from the first
                    pending = true;
                    deadline = clock.nanoTime() + timing.pendingTimeout().toNanos();
                    waitingFor = String.format(Locale.ROOT, "pending timeout: service 0x%02X still pending %s after the "
                            + "node first answered \"response pending\"", sid, Durations.format(timing.pendingTimeout()));
                }
                if (clock.nanoTime() - deadline >= 0) {
                    throw new HalTimeoutException(source, waitingFor);
                }
                clock.sleep(timing.pollInterval());
                continue;
            }
            if ((response[0] & 0xFF) != sid + 0x40) {
                throw new ProtocolException(source, String.format(Locale.ROOT,
                        "a response with service id 0x%02X to service 0x%02X (expected 0x%02X)", response[0] & 0xFF,
                        sid, sid + 0x40), response, null);
            }
            return response;
        }
    }
}
