package dev.benchhal.lin.ldf;

import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinProtocol;

import java.util.List;

/**
 * Master request frames (0x3C, classic checksum) of LIN node configuration and identification:
 * {@code NAD, PCI, SID, D1..D5}, unused bytes 0xFF. Multi-byte values are little-endian.
 * <pre>{@code
 * lin.send(NodeConfiguration.readByIdentifier(NodeConfiguration.BROADCAST_NAD, 0,
 *         NodeConfiguration.WILDCARD_SUPPLIER, NodeConfiguration.WILDCARD_FUNCTION)); // 7F 06 B2 00 FF 7F FF FF
 * NodeConfigResponse answer = NodeConfigResponse.parse(lin.requestResponse(0x3D, 8));
 * }</pre>
 * All methods are pure; arguments are checked against their ranges.
 */
public final class NodeConfiguration {

    /** AssignNAD */
    public static final int SID_ASSIGN_NAD = 0xB0;
    /** AssignFrameIdentifier (LIN 2.0) */
    public static final int SID_ASSIGN_FRAME_ID = 0xB1;
    /** ReadByIdentifier */
    public static final int SID_READ_BY_IDENTIFIER = 0xB2;
    /** ConditionalChangeNAD */
    public static final int SID_CONDITIONAL_CHANGE_NAD = 0xB3;
    /** DataDump */
    public static final int SID_DATA_DUMP = 0xB4;
    /** SaveConfiguration */
    public static final int SID_SAVE_CONFIGURATION = 0xB6;
    /** AssignFrameIdentifierRange */
    public static final int SID_ASSIGN_FRAME_ID_RANGE = 0xB7;
    /** NAD that addresses every slave */
    public static final int BROADCAST_NAD = 0x7F;
    /** NAD of functional (diagnostic) requests */
    public static final int FUNCTIONAL_NAD = 0x7E;
    /** supplier id that matches every supplier */
    public static final int WILDCARD_SUPPLIER = 0x7FFF;
    /** function id that matches every function */
    public static final int WILDCARD_FUNCTION = 0xFFFF;
    /** ReadByIdentifier identifier of the LIN product id (supplier, function, variant) */
    public static final int IDENTIFIER_PRODUCT_ID = 0;
    /** ReadByIdentifier identifier of the serial number */
    public static final int IDENTIFIER_SERIAL_NUMBER = 1;
    /** PID that unassigns a frame in AssignFrameIdentifier (LIN 2.0) and AssignFrameIdRange */
    public static final int PID_UNASSIGNED = 0x40;
    /** AssignFrameIdRange PID that leaves a frame as it is */
    public static final int PID_DO_NOT_CARE = 0xFF;

    private NodeConfiguration() {
    }

    /**
     * @param initialNad NAD the slave answers to now
     * @param supplierId supplier id, or {@link #WILDCARD_SUPPLIER}
     * @param functionId function id, or {@link #WILDCARD_FUNCTION}
     * @param newNad     NAD to assign
     * @return the AssignNAD request
     */
    public static LinFrame assignNad(int initialNad, int supplierId, int functionId, int newNad) {
        return request(initialNad, SID_ASSIGN_NAD, lo(supplierId, "supplier id"), hi(supplierId),
                lo(functionId, "function id"), hi(functionId), checkByte(newNad, "new NAD"));
    }

    /**
     * AssignNAD from a node's initial NAD to its configured NAD, with its product id.
     *
     * @param node node attributes with a product id
     * @return the AssignNAD request
     */
    public static LinFrame assignNad(NodeAttributes node) {
        ProductId id = requireProductId(node);
        return assignNad(node.initialNad(), id.supplierId(), id.functionId(), node.configuredNad());
    }

    /**
     * @param nad        NAD of the slave
     * @param identifier 0 product id, 1 serial number, 32..63 user defined
     * @param supplierId supplier id, or {@link #WILDCARD_SUPPLIER}
     * @param functionId function id, or {@link #WILDCARD_FUNCTION}
     * @return the ReadByIdentifier request
     */
    public static LinFrame readByIdentifier(int nad, int identifier, int supplierId, int functionId) {
        return request(nad, SID_READ_BY_IDENTIFIER, checkByte(identifier, "identifier"), lo(supplierId, "supplier id"),
                hi(supplierId), lo(functionId, "function id"), hi(functionId));
    }

    /**
     * ReadByIdentifier of the product id, addressed to a node's configured NAD.
     *
     * @param node node attributes with a product id
     * @return the ReadByIdentifier request
     */
    public static LinFrame readProductId(NodeAttributes node) {
        ProductId id = requireProductId(node);
        return readByIdentifier(node.configuredNad(), IDENTIFIER_PRODUCT_ID, id.supplierId(), id.functionId());
    }

    /**
     * @param nad        NAD of the slave (or broadcast)
     * @param identifier identifier to read
     * @param byteIndex  byte of the identifier's answer to test, 1..5
     * @param mask       mask
     * @param invert     value XORed with the byte
     * @param newNad     NAD the slave takes when {@code (byte XOR invert) AND mask} is 0
     * @return the ConditionalChangeNAD request
     */
    public static LinFrame conditionalChangeNad(int nad, int identifier, int byteIndex, int mask, int invert, int newNad) {
        if (byteIndex < 1 || byteIndex > 5) {
            throw new IllegalArgumentException("ConditionalChangeNAD byte index must be 1..5, not " + byteIndex);
        }
        return request(nad, SID_CONDITIONAL_CHANGE_NAD, checkByte(identifier, "identifier"), byteIndex,
                checkByte(mask, "mask"), checkByte(invert, "invert"), checkByte(newNad, "new NAD"));
    }

    /**
     * @param nad  NAD of the slave
     * @param data five user-defined bytes
     * @return the DataDump request
     */
    public static LinFrame dataDump(int nad, int... data) {
        if (data.length != 5) {
            throw new IllegalArgumentException("DataDump carries 5 data bytes, not " + data.length);
        }
        return request(nad, SID_DATA_DUMP, data);
    }

    /**
     * @param nad NAD of the slave
     * @return the SaveConfiguration request
     */
    public static LinFrame saveConfiguration(int nad) {
        return request(nad, SID_SAVE_CONFIGURATION);
    }

    /**
     * @param nad        NAD of the slave
     * @param startIndex index of the first of four configurable frames
     * @param pids       four protected ids ({@link #PID_UNASSIGNED}, {@link #PID_DO_NOT_CARE} allowed)
     * @return the AssignFrameIdRange request
     */
    public static LinFrame assignFrameIdRange(int nad, int startIndex, int... pids) {
        if (pids.length != 4) {
            throw new IllegalArgumentException("AssignFrameIdRange carries 4 PIDs, not " + pids.length);
        }
        return request(nad, SID_ASSIGN_FRAME_ID_RANGE, checkByte(startIndex, "start index"), pids[0], pids[1], pids[2],
                pids[3]);
    }

    /**
     * LIN 2.0 AssignFrameIdentifier.
     *
     * @param nad        NAD of the slave
     * @param supplierId supplier id
     * @param messageId  the frame's message id from the node's configurable frames
     * @param pid        protected id to assign, {@link #PID_UNASSIGNED} to unassign
     * @return the AssignFrameIdentifier request
     */
    public static LinFrame assignFrameId(int nad, int supplierId, int messageId, int pid) {
        return request(nad, SID_ASSIGN_FRAME_ID, lo(supplierId, "supplier id"), hi(supplierId),
                lo(messageId, "message id"), hi(messageId), checkByte(pid, "PID"));
    }

    /**
     * @param data the eight bytes of the master request frame
     * @return a master request frame with exactly these bytes
     */
    public static LinFrame freeFormat(int... data) {
        if (data.length != 8) {
            throw new IllegalArgumentException("FreeFormat carries 8 bytes, not " + data.length);
        }
        return LinFrame.of(LinProtocol.MASTER_REQUEST_ID, data);
    }

    /** @return the go-to-sleep command: {@code 00 FF FF FF FF FF FF FF} on 0x3C */
    public static LinFrame goToSleep() {
        return freeFormat(0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    }

    /**
     * The master request a schedule-table command stands for, with NADs, product ids and message ids
     * taken from the database's node attributes.
     *
     * @param command a node configuration command or {@code FreeFormat}
     * @param ldf     the database the command comes from
     * @return the master request
     * @throws IllegalArgumentException for commands that are not a master request of their own
     *                                  ({@code MasterReq}, {@code SlaveResp}, frame slots)
     */
    public static LinFrame masterRequest(ScheduleCommand command, LdfDatabase ldf) {
        if (command instanceof ScheduleCommand.AssignNad) {
            return assignNad(node(ldf, ((ScheduleCommand.AssignNad) command).node()));
        }
        if (command instanceof ScheduleCommand.ConditionalChangeNad) {
            ScheduleCommand.ConditionalChangeNad c = (ScheduleCommand.ConditionalChangeNad) command;
            return conditionalChangeNad(c.nad(), c.id(), c.byteIndex(), c.mask(), c.invert(), c.newNad());
        }
        if (command instanceof ScheduleCommand.DataDump) {
            ScheduleCommand.DataDump c = (ScheduleCommand.DataDump) command;
            return dataDump(node(ldf, c.node()).configuredNad(), c.data().stream().mapToInt(Integer::intValue).toArray());
        }
        if (command instanceof ScheduleCommand.SaveConfiguration) {
            return saveConfiguration(node(ldf, ((ScheduleCommand.SaveConfiguration) command).node()).configuredNad());
        }
        if (command instanceof ScheduleCommand.AssignFrameIdRange) {
            ScheduleCommand.AssignFrameIdRange c = (ScheduleCommand.AssignFrameIdRange) command;
            NodeAttributes node = node(ldf, c.node());
            int[] pids = new int[4];
            for (int i = 0; i < 4; i++) {
                if (!c.pids().isEmpty()) {
                    pids[i] = c.pids().get(i);
                } else {
                    int index = c.frameIndex() + i;
                    pids[i] = index < node.configurableFrames().size()
                            ? pidOf(ldf, node.configurableFrames().get(index).frame()) : PID_DO_NOT_CARE;
                }
            }
            return assignFrameIdRange(node.configuredNad(), c.frameIndex(), pids);
        }
        if (command instanceof ScheduleCommand.AssignFrameId || command instanceof ScheduleCommand.UnassignFrameId) {
            boolean assign = command instanceof ScheduleCommand.AssignFrameId;
            String nodeName = assign ? ((ScheduleCommand.AssignFrameId) command).node()
                    : ((ScheduleCommand.UnassignFrameId) command).node();
            String frame = assign ? ((ScheduleCommand.AssignFrameId) command).frame()
                    : ((ScheduleCommand.UnassignFrameId) command).frame();
            NodeAttributes node = node(ldf, nodeName);
            ConfigurableFrame configurable = node.configurableFrames().stream().filter(f -> f.frame().equals(frame))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("node " + nodeName
                            + " has no configurable frame " + frame));
            if (configurable.messageId() == null) {
                throw new IllegalArgumentException("node " + nodeName + " lists " + frame + " without a message id "
                        + "(AssignFrameId needs LIN 2.0 style configurable_frames)");
            }
            return assignFrameId(node.configuredNad(), requireProductId(node).supplierId(), configurable.messageId(),
                    assign ? pidOf(ldf, frame) : PID_UNASSIGNED);
        }
        if (command instanceof ScheduleCommand.FreeFormat) {
            return freeFormat(((ScheduleCommand.FreeFormat) command).data().stream().mapToInt(Integer::intValue).toArray());
        }
        throw new IllegalArgumentException(command.keyword() + " is not a node configuration command");
    }

    private static int pidOf(LdfDatabase ldf, String frame) {
        int id = ldf.frame(frame).map(LdfFrame::id)
                .or(() -> ldf.eventTriggeredFrames().stream().filter(f -> f.name().equals(frame))
                        .map(EventTriggeredFrame::id).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no frame with an id named " + frame));
        return LinProtocol.protectedId(id);
    }

    private static NodeAttributes node(LdfDatabase ldf, String name) {
        return ldf.nodeAttributes(name).orElseThrow(() -> new IllegalArgumentException("node " + name
                + " has no node attributes in " + ldf.source()));
    }

    private static ProductId requireProductId(NodeAttributes node) {
        if (node.productId() == null) {
            throw new IllegalArgumentException("node " + node.name() + " has no product_id");
        }
        return node.productId();
    }

    private static LinFrame request(int nad, int sid, int... data) {
        checkByte(nad, "NAD");
        byte[] bytes = {(byte) nad, (byte) (1 + data.length), (byte) sid, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF};
        for (int i = 0; i < data.length; i++) {
            bytes[3 + i] = (byte) checkByte(data[i], "data byte " + (i + 1));
        }
        return LinFrame.of(LinProtocol.MASTER_REQUEST_ID, bytes);
    }

    private static int lo(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " must be 0..0xFFFF, not " + value);
        }
        return value & 0xFF;
    }

    private static int hi(int value) {
        return (value >>> 8) & 0xFF;
    }

    private static int checkByte(int value, String what) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " must be 0..255, not " + value);
        }
        return value;
    }

    static List<Integer> list(byte[] data, int from, int to) {
        Integer[] out = new Integer[Math.max(0, to - from)];
        for (int i = from; i < to; i++) {
            out[i - from] = data[i] & 0xFF;
        }
        return List.of(out);
    }
}
