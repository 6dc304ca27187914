package dev.benchhal.lin.mock;

import dev.benchhal.error.ProtocolException;
import dev.benchhal.lin.ldf.diag.TransportFrames;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A simulated slave's side of the LIN transport layer: puts segmented master requests together
 * (dropping a message whose next consecutive frame comes later than the node's N_Cr, or out of
 * sequence), hands complete messages to the node's behaviour, and serves its response on the
 * following slave response headers: "response pending" while the node is busy, then the frames
 * of the response. One per slave; the caller holds the bus lock.
 */
final class DiagnosticServer {

    static final int SERVICE_NOT_SUPPORTED = 0x11;
    private static final int RESPONSE_PENDING = 0x78;

    private final SimulatedSlave slave;
    private final TransportFrames.Reassembly reassembly;
    private final Duration nCr;
    private long lastFrameNanos;
    private final Deque<byte[]> frames = new ArrayDeque<>();
    private DiagnosticReply deferred;
    private int deferredSid;
    private long readyNanos;

    DiagnosticServer(SimulatedSlave slave) {
        this.slave = slave;
        this.reassembly = new TransportFrames.Reassembly(slave.name());
        this.nCr = slave.attributes().map(a -> a.nCrTimeout()).orElse(Duration.ofSeconds(1));
    }

    /** A new master request on the bus: an unread response is dropped (LIN 2.x). */
    void discardResponse() {
        frames.clear();
        deferred = null;
    }

    /** Drops everything: the node lost power. */
    void reset() {
        discardResponse();
        reassembly.reset();
    }

    /**
     * A master request frame addressed to this node that node configuration does not serve.
     *
     * @param frame    the 8 data bytes
     * @param now      bench time of the frame, nanoseconds
     * @param physical whether the request names this node's NAD (not the broadcast or functional
     *                 one): only then does a service nobody serves get the negative response 0x11
     */
    void onRequestFrame(byte[] frame, long now, boolean physical) {
        if (reassembly.inProgress() && now - lastFrameNanos > nCr.toNanos()) {
            reassembly.reset(); // the sender took longer than N_Cr: the message is lost
        }
        lastFrameNanos = now;
        Optional<byte[]> message;
        try {
            message = reassembly.accept(frame);
        } catch (ProtocolException outOfTurn) {
            // a frame that does not continue the message: the message is lost; a new one starts over
            TransportFrames.Kind kind = kindOrNull(frame);
            if (kind == null || kind == TransportFrames.Kind.CONSECUTIVE) {
                return;
            }
            message = reassembly.accept(frame);
        }
        message.ifPresent(m -> serve(frame, m, physical));
    }

    private static TransportFrames.Kind kindOrNull(byte[] frame) {
        try {
            return TransportFrames.kind(frame);
        } catch (IllegalArgumentException notTransport) {
            return null;
        }
    }

    private void serve(byte[] lastFrame, byte[] message, boolean physical) {
        int sid = message[0] & 0xFF;
        if (message.length <= TransportFrames.SINGLE_FRAME_MAX && respondRaw(lastFrame)) {
            return;
        }
        Optional<DiagnosticReply> reply = slave.behaviour == null ? Optional.empty()
                : slave.behaviour.onDiagnosticService(slave, message.clone());
        if (reply.isEmpty() && !physical) {
            return;
        }
        DiagnosticReply r = reply.orElse(DiagnosticReply.negative(sid, SERVICE_NOT_SUPPORTED));
        if (r.busy().isZero()) {
            frames.addAll(TransportFrames.segment(slave.nad, r.response()));
        } else {
            deferred = r;
            deferredSid = sid;
            readyNanos = lastFrameNanos + r.busy().toNanos();
        }
    }

    /**
     * Asks the node's behaviour for its own 8-byte answer to a single-frame request
     * ({@link NodeBehaviour#onDiagnosticRequest}) and queues it, replacing whatever was pending.
     *
     * @return whether the behaviour answered
     */
    boolean respondRaw(byte[] request) {
        Optional<byte[]> raw = slave.behaviour == null ? Optional.empty()
                : slave.behaviour.onDiagnosticRequest(slave, request.clone());
        if (raw.isEmpty()) {
            return false;
        }
        byte[] a = raw.get();
        if (a.length != 8) {
            throw new IllegalStateException("behaviour of " + slave.name() + " answered " + a.length
                    + " bytes to a master request; slave responses carry 8");
        }
        respond(a.clone());
        return true;
    }

    /** @return whether the node answers the next slave response header */
    boolean hasResponse() {
        return !frames.isEmpty() || deferred != null;
    }

    /**
     * @param now  bench time of the header, nanoseconds
     * @param take whether the frame is taken (false when the answer collides with another node's)
     * @return the 8 bytes for this slave response header
     */
    byte[] nextFrame(long now, boolean take) {
        if (frames.isEmpty() && deferred != null) {
            if (now - readyNanos < 0) {
                return new byte[] {(byte) slave.nad, 0x03, 0x7F, (byte) deferredSid, (byte) RESPONSE_PENDING,
                        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
            }
            frames.addAll(TransportFrames.segment(slave.nad, deferred.response()));
            deferred = null;
        }
        return take ? frames.poll() : frames.peek();
    }

    /** A node configuration response (a single frame), replacing whatever was pending. */
    void respond(byte[] frame) {
        discardResponse();
        frames.add(frame);
    }
}
