package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.LdfFrame;

import java.util.List;
import java.util.Optional;

/**
 * Several behaviours of one node ({@code models=ALM_Node:alm+bootloader}): every part sees the
 * power-up and the frames, in order; a diagnostic request goes to the parts in order until one
 * answers.
 */
final class CombinedBehaviour implements NodeBehaviour {

    final List<NodeBehaviour> parts;

    CombinedBehaviour(List<NodeBehaviour> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public void onPowerUp(SimulatedSlave node) {
        for (NodeBehaviour p : parts) {
            p.onPowerUp(node);
        }
    }

    @Override
    public void onFrameReceived(SimulatedSlave node, LdfFrame frame) {
        for (NodeBehaviour p : parts) {
            p.onFrameReceived(node, frame);
        }
    }

    @Override
    public void beforeTransmit(SimulatedSlave node, LdfFrame frame) {
        for (NodeBehaviour p : parts) {
            p.beforeTransmit(node, frame);
        }
    }

    @Override
    public Optional<byte[]> onDiagnosticRequest(SimulatedSlave node, byte[] request) {
        for (NodeBehaviour p : parts) {
            Optional<byte[]> answer = p.onDiagnosticRequest(node, request.clone());
            if (answer.isPresent()) {
                return answer;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<DiagnosticReply> onDiagnosticService(SimulatedSlave node, byte[] request) {
        for (NodeBehaviour p : parts) {
            Optional<DiagnosticReply> reply = p.onDiagnosticService(node, request.clone());
            if (reply.isPresent()) {
                return reply;
            }
        }
        return Optional.empty();
    }
}
