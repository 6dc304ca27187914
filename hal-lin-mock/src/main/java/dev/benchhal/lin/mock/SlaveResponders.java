package dev.benchhal.lin.mock;

import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.EventTriggeredFrame;
import dev.benchhal.lin.ldf.LdfFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who answers a header, and with what: the slave that publishes an unconditional frame, the
 * slaves whose associated frame has news for an event-triggered frame, the slaves with a pending
 * diagnostic response for 0x3D. Packs the answer from the responder's signals. Caller
 * holds the bus lock.
 */
final class SlaveResponders {

    /**
     * What the slaves put on the bus for one header.
     *
     * @param frameName   the frame answered, for the trace (an event-triggered frame names the one it carried)
     * @param data        the answer's bytes (the first responder's when several answer)
     * @param model       the checksum the responder computes
     * @param responders  every slave that answered; more than one is a collision
     * @param carried     for an event-triggered frame answered by one slave: the associated frame it carried
     * @param silence     why nobody answered, or null
     */
    @SuppressWarnings("ArrayRecordComponent") // handed once from the responder to the wire, never compared
    record Answer(String frameName, byte[] data, LinChecksumType model, List<SimulatedSlave> responders, String carried,
                  String silence) {

        static Answer silent(String why) {
            return new Answer(null, null, null, List.of(), null, why);
        }
    }

    private final List<SimulatedSlave> slaves;
    private final ClusterLayout layout;
    private final Map<Integer, EventTriggeredFrame> eventTriggered;
    private final Function<LdfFrame, LinChecksumType> checksumModel;

    SlaveResponders(List<SimulatedSlave> slaves, ClusterLayout layout, Map<Integer, EventTriggeredFrame> eventTriggered,
                    Function<LdfFrame, LinChecksumType> checksumModel) {
        this.slaves = slaves;
        this.layout = layout;
        this.eventTriggered = eventTriggered;
        this.checksumModel = checksumModel;
    }

    /** @return whether the id is an event-triggered frame's */
    boolean isEventTriggered(int id) {
        return eventTriggered.containsKey(id);
    }

    /**
     * @param id  the header's frame id
     * @param now bench time of the header's end, nanoseconds
     * @return the answer, or silence with its reason
     */
    Answer answer(int id, long now) {
        if (id == LinProtocol.SLAVE_RESPONSE_ID) {
            return diagnosticResponse(now);
        }
        EventTriggeredFrame etf = eventTriggered.get(id);
        return etf != null ? eventTriggered(etf) : unconditional(id);
    }

    private Answer diagnosticResponse(long now) {
        List<SimulatedSlave> responders = new ArrayList<>(1);
        for (SimulatedSlave s : slaves) {
            if (s.diagnostics.hasResponse()) {
                responders.add(s);
            }
        }
        if (responders.isEmpty()) {
            return Answer.silent("no pending diagnostic response");
        }
        // one node alone gives its next frame; nodes that collide keep theirs
        byte[] data = responders.get(0).diagnostics.nextFrame(now, responders.size() == 1);
        return new Answer("SlaveResp", data, LinChecksumType.CLASSIC, responders, null, null);
    }

    private Answer eventTriggered(EventTriggeredFrame etf) {
        List<SimulatedSlave> responders = new ArrayList<>(1);
        String carried = null;
        for (String associated : etf.frames()) {
            for (SimulatedSlave s : slaves) {
                if (s.publishes(associated) && s.updatedFrames.contains(associated)) {
                    responders.add(s);
                    carried = associated;
                }
            }
        }
        if (responders.isEmpty()) {
            return Answer.silent(etf.name() + ": no associated frame has news");
        }
        LdfFrame frame = layout.frame(carried).frame();
        byte[] data = transmit(responders.get(0), frame);
        // the first byte of a frame associated with an event-triggered frame carries its own PID
        data[0] = (byte) LinProtocol.protectedId(frame.id());
        boolean alone = responders.size() == 1;
        return new Answer(alone ? etf.name() + " (" + carried + ")" : etf.name(), data, checksumModel.apply(frame),
                responders, alone ? carried : null, null);
    }

    private Answer unconditional(int id) {
        List<SimulatedSlave> responders = new ArrayList<>(1);
        String frameName = null;
        for (SimulatedSlave s : slaves) {
            String name = s.frameIds.get(id);
            if (name != null && s.publishes(name)) {
                responders.add(s);
                frameName = name;
            }
        }
        if (responders.isEmpty()) {
            return Answer.silent("no slave publishes this id");
        }
        LdfFrame frame = layout.frame(frameName).frame();
        return new Answer(frameName, transmit(responders.get(0), frame), checksumModel.apply(frame), responders, null, null);
    }

    private static byte[] transmit(SimulatedSlave slave, LdfFrame frame) {
        if (slave.behaviour != null) {
            slave.behaviour.beforeTransmit(slave, frame);
        }
        return slave.pack(frame.name());
    }
}
