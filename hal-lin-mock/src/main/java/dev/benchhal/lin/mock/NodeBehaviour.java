package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.LdfFrame;

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
}
