package dev.benchhal.lin.mock;

import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.NodeConfiguration;
import dev.benchhal.lin.ldf.ProductId;

import java.util.List;
import java.util.Optional;

/**
 * The LIN 2.x node configuration and identification services of every simulated slave with node
 * attributes, on master requests (0x3C): AssignNAD, ConditionalChangeNAD, ReadByIdentifier
 * (product id, serial number), SaveConfiguration, AssignFrameIdRange, AssignFrameIdentifier
 * (LIN 2.0), with the supplier and function wildcards and the broadcast NAD. The response waits
 * for the next slave response header (0x3D); a new master request discards an unread one.
 * <p>Decisions where the specification leaves room: AssignNAD answers with the initial NAD and
 * ConditionalChangeNAD with the NAD the slave had before the change (the master knows the new
 * one); ReadByIdentifier of an identifier the node has no value for gets the negative response
 * 0x12 (sub-function not supported); DataDump goes to the node's behaviour and gets 0x12 when it
 * has no answer; a request whose supplier or function id does not match gets no response at all.
 * Every other request (diagnostic services, segmented messages) goes to the node's transport layer
 * ({@link DiagnosticServer}).
 */
final class NodeConfigResponder {

    static final int NEGATIVE = 0x7F;
    static final int SUB_FUNCTION_NOT_SUPPORTED = 0x12;

    private NodeConfigResponder() {
    }

    /**
     * Caller holds the bus lock.
     *
     * @param now bench time of the request, nanoseconds
     */
    static void onMasterRequest(List<SimulatedSlave> slaves, byte[] request, long now) {
        for (SimulatedSlave slave : slaves) {
            slave.diagnostics.discardResponse();
        }
        int nad = request[0] & 0xFF;
        int pci = request[1] & 0xFF;
        int sid = request[2] & 0xFF;
        boolean singleFrame = (pci & 0xF0) == 0 && (pci & 0x0F) >= 1 && (pci & 0x0F) <= 6;
        for (SimulatedSlave slave : slaves) {
            if (slave.nad < 0) {
                continue;
            }
            boolean broadcast = nad == NodeConfiguration.BROADCAST_NAD;
            int initialNad = slave.attributes().map(a -> a.initialNad()).orElse(slave.nad);
            boolean addressed = broadcast || nad == slave.nad || (sid == NodeConfiguration.SID_ASSIGN_NAD && nad == initialNad);
            if (!addressed && nad != NodeConfiguration.FUNCTIONAL_NAD) {
                continue;
            }
            if (!singleFrame || nad == NodeConfiguration.FUNCTIONAL_NAD || sid < 0xB0 || sid > 0xB7) {
                // diagnostics: the transport layer (segmented messages) and the node's services
                slave.diagnostics.onRequestFrame(request, now, nad == slave.nad);
                continue;
            }
            serve(slave, request, sid, initialNad);
        }
    }

    private static void serve(SimulatedSlave slave, byte[] r, int sid, int initialNad) {
        ProductId id = slave.productId().orElse(null);
        switch (sid) {
            case NodeConfiguration.SID_ASSIGN_NAD: {
                if (matches(id, u16(r, 3), u16(r, 5))) {
                    slave.nad = r[7] & 0xFF;
                    slave.diagnostics.respond(positive(initialNad, sid));
                }
                return;
            }
            case NodeConfiguration.SID_READ_BY_IDENTIFIER: {
                if (!matches(id, u16(r, 4), u16(r, 6))) {
                    return;
                }
                int identifier = r[3] & 0xFF;
                Optional<byte[]> value = identifierBytes(slave, identifier);
                if (value.isPresent()) {
                    byte[] v = value.get();
                    slave.diagnostics.respond(positive(slave.nad, sid, v));
                } else {
                    behaviourAnswer(slave, r);
                }
                return;
            }
            case NodeConfiguration.SID_CONDITIONAL_CHANGE_NAD: {
                int byteIndex = r[4] & 0xFF;
                Optional<byte[]> value = identifierBytes(slave, r[3] & 0xFF);
                if (value.isEmpty() || byteIndex < 1 || byteIndex > value.get().length) {
                    return;
                }
                int tested = ((value.get()[byteIndex - 1] & 0xFF) ^ (r[6] & 0xFF)) & (r[5] & 0xFF);
                if (tested == 0) {
                    int old = slave.nad;
                    slave.nad = r[7] & 0xFF;
                    slave.diagnostics.respond(positive(old, sid));
                }
                return;
            }
            case NodeConfiguration.SID_SAVE_CONFIGURATION:
                slave.saveConfiguration();
                slave.diagnostics.respond(positive(slave.nad, sid));
                return;
            case NodeConfiguration.SID_ASSIGN_FRAME_ID_RANGE: {
                int start = r[3] & 0xFF;
                for (int i = 0; i < 4; i++) {
                    int pid = r[4 + i] & 0xFF;
                    if (pid == NodeConfiguration.PID_DO_NOT_CARE) {
                        continue;
                    }
                    boolean badParity = pid != 0 && LinProtocol.protectedId(pid & LinProtocol.MAX_ID) != pid;
                    if (slave.configurableFrame(start + i).isEmpty() || badParity) {
                        slave.diagnostics.respond(negative(slave.nad, sid, SUB_FUNCTION_NOT_SUPPORTED));
                        return;
                    }
                }
                for (int i = 0; i < 4; i++) {
                    int pid = r[4 + i] & 0xFF;
                    if (pid != NodeConfiguration.PID_DO_NOT_CARE) {
                        slave.assignFrameId(slave.configurableFrame(start + i).orElseThrow(),
                                pid == 0 ? -1 : LinProtocol.frameIdOf(pid));
                    }
                }
                slave.diagnostics.respond(positive(slave.nad, sid));
                return;
            }
            case NodeConfiguration.SID_ASSIGN_FRAME_ID: {
                if (!matches(id, u16(r, 3), NodeConfiguration.WILDCARD_FUNCTION)) {
                    return;
                }
                Optional<String> frame = slave.frameWithMessageId(u16(r, 5));
                if (frame.isEmpty()) {
                    slave.diagnostics.respond(negative(slave.nad, sid, SUB_FUNCTION_NOT_SUPPORTED));
                    return;
                }
                int pid = r[7] & 0xFF;
                if (pid != NodeConfiguration.PID_UNASSIGNED && LinProtocol.protectedId(pid & LinProtocol.MAX_ID) != pid) {
                    slave.diagnostics.respond(negative(slave.nad, sid, SUB_FUNCTION_NOT_SUPPORTED));
                    return;
                }
                slave.assignFrameId(frame.get(), pid == NodeConfiguration.PID_UNASSIGNED ? -1 : LinProtocol.frameIdOf(pid));
                slave.diagnostics.respond(positive(slave.nad, sid));
                return;
            }
            default:
                behaviourAnswer(slave, r);
        }
    }

    private static void behaviourAnswer(SimulatedSlave slave, byte[] request) {
        if (!slave.diagnostics.respondRaw(request)) {
            slave.diagnostics.respond(negative(slave.nad, request[2] & 0xFF, SUB_FUNCTION_NOT_SUPPORTED));
        }
    }

    /** The bytes ReadByIdentifier reports: 0 product id (5 bytes), 1 serial number (4 bytes). */
    private static Optional<byte[]> identifierBytes(SimulatedSlave slave, int identifier) {
        if (identifier == NodeConfiguration.IDENTIFIER_PRODUCT_ID) {
            return slave.productId().map(p -> new byte[] {(byte) p.supplierId(), (byte) (p.supplierId() >>> 8),
                    (byte) p.functionId(), (byte) (p.functionId() >>> 8), (byte) p.variant()});
        }
        if (identifier == NodeConfiguration.IDENTIFIER_SERIAL_NUMBER) {
            long s = slave.serialNumber();
            return Optional.of(new byte[] {(byte) s, (byte) (s >>> 8), (byte) (s >>> 16), (byte) (s >>> 24)});
        }
        return Optional.empty();
    }

    private static boolean matches(ProductId id, int supplier, int function) {
        boolean supplierOk = supplier == NodeConfiguration.WILDCARD_SUPPLIER || (id != null && id.supplierId() == supplier);
        boolean functionOk = function == NodeConfiguration.WILDCARD_FUNCTION || (id != null && id.functionId() == function);
        return supplierOk && functionOk;
    }

    private static int u16(byte[] r, int at) {
        return (r[at] & 0xFF) | (r[at + 1] & 0xFF) << 8;
    }

    static byte[] positive(int nad, int sid, byte... data) {
        byte[] out = {(byte) nad, (byte) (1 + data.length), (byte) (sid + 0x40), (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF};
        System.arraycopy(data, 0, out, 3, data.length);
        return out;
    }

    static byte[] negative(int nad, int sid, int code) {
        return new byte[] {(byte) nad, 0x03, (byte) NEGATIVE, (byte) sid, (byte) code, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    }
}
