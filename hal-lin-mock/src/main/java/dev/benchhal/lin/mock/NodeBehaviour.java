package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.LdfFrame;

import java.util.List;
import java.util.Optional;

/**
 * What a simulated slave does beyond the LDF: react to frames, change signals over time, answer
 * diagnostics. Register one per node name ({@link LinMock#behaviour(String, NodeBehaviour)} or
 * the {@code models} URI option with a {@link NodeBehaviourFactory}). Every callback runs with the
 * bus lock held, one at a time, in bench time: keep them quick and never block in them.
 */
public interface NodeBehaviour {

    /**
     * The node has power (at open, and after each power-up once its boot time is over), with its
     * signals at their init values.
     *
     * @param node the node
     */
    default void onPowerUp(SimulatedSlave node) {
    }

    /**
     * The master published a frame the node subscribes to; its signals are already in the node.
     *
     * @param node  the node
     * @param frame the frame
     */
    default void onFrameReceived(SimulatedSlave node, LdfFrame frame) {
    }

    /**
     * The master sent the header of a frame the node publishes: the last chance to bring the
     * frame's signals up to date for the current bench time.
     *
     * @param node  the node
     * @param frame the frame
     */
    default void beforeTransmit(SimulatedSlave node, LdfFrame frame) {
    }

    /**
     * A master request (0x3C) addressed to the node that node configuration does not handle (DataDump,
     * user-defined ReadByIdentifier ids, diagnostic services).
     *
     * @param node    the node
     * @param request the 8 data bytes: NAD, PCI, SID, D1..D5
     * @return the 8 bytes of the response to give on the next 0x3D header, or empty to stay silent
     *         (the simulator then answers unsupported services with a negative response)
     */
    default Optional<byte[]> onDiagnosticRequest(SimulatedSlave node, byte[] request) {
        return Optional.empty();
    }

    /**
     * A diagnostic request addressed to the node, put together from its frames by the transport
     * layer (a request of up to 6 bytes reaches this after {@link #onDiagnosticRequest} declined it).
     * The simulator sends the response in as many frames as it needs, and answers "response
     * pending" while the reply is {@link DiagnosticReply#busy() busy}.
     *
     * @param node    the node
     * @param request service id and data, 1..4095 bytes
     * @return the reply, or empty when the node has no such service (a request to the node's own NAD
     *         then gets the negative response 0x11 serviceNotSupported)
     */
    default Optional<DiagnosticReply> onDiagnosticService(SimulatedSlave node, byte[] request) {
        return Optional.empty();
    }

    /**
     * @param parts behaviours of one node, in order
     * @return one behaviour: each part sees power-up and frames in order; a diagnostic request goes
     *         to the parts in order until one answers
     */
    static NodeBehaviour combine(List<NodeBehaviour> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no behaviour to combine");
        }
        return parts.size() == 1 ? parts.get(0) : new CombinedBehaviour(parts);
    }
}
