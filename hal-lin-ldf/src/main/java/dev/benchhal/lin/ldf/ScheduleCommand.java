package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/** What one slot of a schedule table does. */
public sealed interface ScheduleCommand
        permits ScheduleCommand.SendFrame, ScheduleCommand.MasterReq, ScheduleCommand.SlaveResp,
        ScheduleCommand.AssignNad, ScheduleCommand.ConditionalChangeNad, ScheduleCommand.DataDump,
        ScheduleCommand.SaveConfiguration, ScheduleCommand.AssignFrameIdRange, ScheduleCommand.AssignFrameId,
        ScheduleCommand.UnassignFrameId, ScheduleCommand.FreeFormat {

    /** @return the keyword of the command in LDF text ({@code AssignNAD}), or the frame name */
    String keyword();

    /**
     * A frame slot: an unconditional, sporadic, event-triggered or diagnostic frame.
     *
     * @param frame frame name
     */
    record SendFrame(String frame) implements ScheduleCommand {
        /**
         * Validates the parts.
         *
         * @param frame frame name
         */
        public SendFrame {
            Objects.requireNonNull(frame, "frame");
        }

        @Override
        public String keyword() {
            return frame;
        }
    }

    /** {@code MasterReq}: the master request frame with whatever the diagnostic layer queued. */
    record MasterReq() implements ScheduleCommand {
        @Override
        public String keyword() {
            return "MasterReq";
        }
    }

    /** {@code SlaveResp}: the slave response header. */
    record SlaveResp() implements ScheduleCommand {
        @Override
        public String keyword() {
            return "SlaveResp";
        }
    }

    /**
     * {@code AssignNAD {node}}: from the node's initial NAD to its configured NAD.
     *
     * @param node slave name
     */
    record AssignNad(String node) implements ScheduleCommand {
        /**
         * Validates the parts.
         *
         * @param node slave name
         */
        public AssignNad {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String keyword() {
            return "AssignNAD";
        }
    }

    /**
     * {@code ConditionalChangeNAD {nad, id, byte, mask, inv, new_nad}}.
     *
     * @param nad     addressed NAD
     * @param id      identifier to read
     * @param byteIndex byte of the identifier to test, 1..5
     * @param mask    mask applied to that byte
     * @param invert  value XORed with it before masking
     * @param newNad  NAD to take when the result is zero
     */
    record ConditionalChangeNad(int nad, int id, int byteIndex, int mask, int invert, int newNad)
            implements ScheduleCommand {
        @Override
        public String keyword() {
            return "ConditionalChangeNAD";
        }
    }

    /**
     * {@code DataDump {node, D1, D2, D3, D4, D5}}.
     *
     * @param node slave name
     * @param data the five data bytes
     */
    record DataDump(String node, List<Integer> data) implements ScheduleCommand {
        /**
         * Validates and freezes the parts.
         *
         * @param node slave name
         * @param data the five data bytes
         */
        public DataDump {
            Objects.requireNonNull(node, "node");
            data = List.copyOf(data);
            if (data.size() != 5) {
                throw new IllegalArgumentException("DataDump needs 5 data bytes, got " + data.size());
            }
        }

        @Override
        public String keyword() {
            return "DataDump";
        }
    }

    /**
     * {@code SaveConfiguration {node}}.
     *
     * @param node slave name
     */
    record SaveConfiguration(String node) implements ScheduleCommand {
        /**
         * Validates the parts.
         *
         * @param node slave name
         */
        public SaveConfiguration {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String keyword() {
            return "SaveConfiguration";
        }
    }

    /**
     * {@code AssignFrameIdRange {node, frame_index [, pid, pid, pid, pid]}}.
     *
     * @param node       slave name
     * @param frameIndex index of the first configurable frame
     * @param pids       four protected ids, or empty to take them from the node's configurable frames
     */
    record AssignFrameIdRange(String node, int frameIndex, List<Integer> pids) implements ScheduleCommand {
        /**
         * Validates and freezes the parts.
         *
         * @param node       slave name
         * @param frameIndex index of the first configurable frame
         * @param pids       four protected ids, or empty to take them from the node's configurable frames
         */
        public AssignFrameIdRange {
            Objects.requireNonNull(node, "node");
            pids = List.copyOf(pids);
            if (!pids.isEmpty() && pids.size() != 4) {
                throw new IllegalArgumentException("AssignFrameIdRange needs 0 or 4 PIDs, got " + pids.size());
            }
        }

        @Override
        public String keyword() {
            return "AssignFrameIdRange";
        }
    }

    /**
     * {@code AssignFrameId {node, frame}} (LIN 2.0).
     *
     * @param node  slave name
     * @param frame frame name
     */
    record AssignFrameId(String node, String frame) implements ScheduleCommand {
        /**
         * Validates the parts.
         *
         * @param node  slave name
         * @param frame frame name
         */
        public AssignFrameId {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(frame, "frame");
        }

        @Override
        public String keyword() {
            return "AssignFrameId";
        }
    }

    /**
     * {@code UnassignFrameId {node, frame}} (LIN 2.0).
     *
     * @param node  slave name
     * @param frame frame name
     */
    record UnassignFrameId(String node, String frame) implements ScheduleCommand {
        /**
         * Validates the parts.
         *
         * @param node  slave name
         * @param frame frame name
         */
        public UnassignFrameId {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(frame, "frame");
        }

        @Override
        public String keyword() {
            return "UnassignFrameId";
        }
    }

    /**
     * {@code FreeFormat {D1, ..., D8}}: a master request frame with fixed bytes.
     *
     * @param data the eight data bytes
     */
    record FreeFormat(List<Integer> data) implements ScheduleCommand {
        /**
         * Validates and freezes the parts.
         *
         * @param data the eight data bytes
         */
        public FreeFormat {
            data = List.copyOf(data);
            if (data.size() != 8) {
                throw new IllegalArgumentException("FreeFormat needs 8 data bytes, got " + data.size());
            }
        }

        @Override
        public String keyword() {
            return "FreeFormat";
        }
    }
}
