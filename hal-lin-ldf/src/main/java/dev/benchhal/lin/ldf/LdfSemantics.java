package dev.benchhal.lin.ldf;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the grammar cannot (every name refers to something declared, signals fit their
 * frames without overlapping, names are unique, values are in range) and applies the defaults of
 * the LIN specification. Errors name the signals and frames involved.
 */
final class LdfSemantics {

    private final LdfDatabase.Parts parts;
    private final String file;
    private final boolean lenient;
    private final Map<String, LdfSignal> signals = new HashMap<>();
    private final Set<String> frameNames = new HashSet<>();
    private final Set<String> nodes = new HashSet<>();

    LdfSemantics(LdfDatabase.Parts parts, String file, boolean lenient) {
        this.parts = parts;
        this.file = file;
        this.lenient = lenient;
    }

    void check() {
        master();
        for (LdfSignal signal : parts.signals) {
            signals.put(signal.name(), signal);
            signal(signal);
        }
        for (LdfSignal signal : parts.diagnosticSignals) {
            signals.putIfAbsent(signal.name(), signal);
            signal(signal);
        }
        if (parts.master != null) {
            nodes.add(parts.master.name());
        }
        nodes.addAll(parts.slaves);
        for (NodeComposition composition : parts.compositions) {
            for (CompositeNode composite : composition.composites()) {
                nodes.addAll(composite.logicalNodes());
            }
        }
        frames();
        diagnosticFrames();
        otherFrames();
        lin13NodeAttributes();
        nodeAttributes();
        schedules();
        groups();
        representations();
    }

    private void master() {
        LdfMaster master = parts.master;
        if (master == null) {
            if (!lenient) {
                throw error(null, "the file has no master node (Nodes { Master: ...; })");
            }
            parts.warnings.add(new LdfWarning(file, 0, 0, "the file has no master node"));
            return;
        }
        if (parts.header.isJ2602() && (master.maxHeaderLengthBits() == null || master.responseTolerance() == null)) {
            // SAE J2602-3: 48 bits and 40 % unless the file says otherwise
            LdfMaster withDefaults = new LdfMaster(master.name(), master.timeBase(), master.jitter(),
                    master.maxHeaderLengthBits() != null ? master.maxHeaderLengthBits() : Integer.valueOf(48),
                    master.responseTolerance() != null ? master.responseTolerance() : Double.valueOf(0.4));
            parts.locations.put(withDefaults, parts.locations.get(master));
            parts.master = withDefaults;
        }
    }

    private void signal(LdfSignal signal) {
        String name = signal.name();
        if (signal.array()) {
            if (signal.width() % 8 != 0 || signal.width() > 64) {
                throw error(signal, "byte array signal " + name + " has size " + signal.width()
                        + " bits; byte arrays are 8..64 bits in whole bytes");
            }
            if (signal.initBytes().size() != signal.width() / 8) {
                throw error(signal, "byte array signal " + name + " has " + signal.width() / 8 + " bytes but its init value "
                        + "has " + signal.initBytes().size());
            }
        } else {
            if (signal.width() > 16) {
                String message = "scalar signal " + name + " has size " + signal.width() + " bits; scalars are 1..16 bits";
                if (!lenient) {
                    throw error(signal, message + " (write the init value as {..} for a byte array)");
                }
                warn(signal, message);
            }
            if (signal.initValue() < 0 || (signal.initValue() & ~signal.mask()) != 0) {
                throw error(signal, "init value " + signal.initValue() + " of signal " + name + " does not fit in "
                        + signal.width() + " bits");
            }
        }
    }

    private void frames() {
        Map<Integer, String> byId = new HashMap<>();
        for (LdfFrame frame : parts.frames) {
            String name = frame.name();
            if (!frameNames.add(name)) {
                throw error(frame, "frame name " + name + " is used twice");
            }
            if (frame.id() < 0 || frame.id() > 0x3B) {
                String message = "frame " + name + " has id " + LdfText.hex(frame.id())
                        + "; unconditional frames use ids 0x00..0x3B";
                if (!lenient || frame.id() < 0 || frame.id() > 0xFF) {
                    throw error(frame, message);
                }
                warn(frame, message);
            }
            String other = byId.putIfAbsent(frame.id(), name);
            if (other != null) {
                warn(frame, "frames " + other + " and " + name + " share id " + LdfText.hex(frame.id()));
            }
            if (frame.length() < 1 || frame.length() > 8) {
                throw error(frame, "frame " + name + " has length " + frame.length() + "; frames carry 1..8 bytes");
            }
            placement(frame.signals(), frame.length() * 8, "frame " + name);
        }
    }

    private void placement(List<PlacedSignal> placed, int bits, String owner) {
        long used = 0;
        String[] owners = new String[64];
        for (PlacedSignal p : placed) {
            LdfSignal signal = signals.get(p.signal());
            if (signal == null) {
                throw error(p, owner + " uses signal " + p.signal() + ", which is not declared in Signals");
            }
            int end = p.offset() + signal.width();
            if (end > bits) {
                throw error(p, "signal " + signal.name() + " (bits " + p.offset() + ".." + (end - 1) + ") ends past the "
                        + bits / 8 + "-byte " + owner);
            }
            long mask = signal.mask() << p.offset();
            if ((used & mask) != 0) {
                int bit = Long.numberOfTrailingZeros(used & mask);
                throw error(p, "signal " + signal.name() + " (bits " + p.offset() + ".." + (end - 1) + ") overlaps "
                        + owners[bit] + " at bit " + bit + " in " + owner);
            }
            used |= mask;
            for (int b = p.offset(); b < end; b++) {
                owners[b] = signal.name();
            }
        }
    }

    private void diagnosticFrames() {
        for (DiagnosticFrame frame : parts.diagnosticFrames) {
            if (frame.id() != 0x3C && frame.id() != 0x3D) {
                String message = "diagnostic frame " + frame.name() + " has id " + LdfText.hex(frame.id())
                        + "; diagnostic frames are 0x3C (MasterReq) and 0x3D (SlaveResp)";
                if (!lenient || frame.id() < 0 || frame.id() > 0x3F) {
                    throw error(frame, message);
                }
                warn(frame, message);
            }
            if (!frameNames.add(frame.name())) {
                throw error(frame, "frame name " + frame.name() + " is used twice");
            }
            placement(frame.signals(), 64, "diagnostic frame " + frame.name());
        }
    }

    private void otherFrames() {
        for (SporadicFrame frame : parts.sporadicFrames) {
            if (!frameNames.add(frame.name())) {
                throw error(frame, "frame name " + frame.name() + " is used twice");
            }
        }
        for (EventTriggeredFrame frame : parts.eventTriggeredFrames) {
            if (!frameNames.add(frame.name())) {
                throw error(frame, "frame name " + frame.name() + " is used twice");
            }
            if (frame.id() < 0 || frame.id() > 0x3B) {
                throw error(frame, "event-triggered frame " + frame.name() + " has id " + LdfText.hex(frame.id())
                        + "; ids are 0x00..0x3B");
            }
        }
        Set<String> unconditional = new HashSet<>();
        parts.frames.forEach(f -> unconditional.add(f.name()));
        for (SporadicFrame frame : parts.sporadicFrames) {
            for (String member : frame.frames()) {
                if (!unconditional.contains(member)) {
                    throw error(frame, "sporadic frame " + frame.name() + " lists " + member
                            + ", which is not an unconditional frame");
                }
            }
        }
        Set<String> tables = new HashSet<>();
        parts.scheduleTables.forEach(t -> tables.add(t.name()));
        for (EventTriggeredFrame frame : parts.eventTriggeredFrames) {
            for (String member : frame.frames()) {
                if (!unconditional.contains(member)) {
                    throw error(frame, "event-triggered frame " + frame.name() + " lists " + member
                            + ", which is not an unconditional frame");
                }
            }
            if (frame.collisionResolvingTable() != null && !tables.contains(frame.collisionResolvingTable())) {
                throw error(frame, "event-triggered frame " + frame.name() + " names collision resolving table "
                        + frame.collisionResolvingTable() + ", which is not a schedule table");
            }
        }
    }

    private void lin13NodeAttributes() {
        if (parts.diagnosticAddresses.isEmpty()) {
            return;
        }
        Set<String> declared = new HashSet<>();
        parts.nodeAttributes.forEach(n -> declared.add(n.name()));
        for (Map.Entry<String, Integer> address : parts.diagnosticAddresses.entrySet()) {
            if (!declared.contains(address.getKey())) {
                parts.nodeAttributes.add(new NodeAttributes(address.getKey(), false, parts.header.protocolVersion(),
                        address.getValue(), address.getValue(), null, null, List.of(), Duration.ofMillis(50),
                        Duration.ZERO, Duration.ofMillis(1000), Duration.ofMillis(1000), null, null, null, List.of()));
            }
        }
    }

    private void nodeAttributes() {
        Set<String> seen = new HashSet<>();
        for (NodeAttributes node : parts.nodeAttributes) {
            if (!seen.add(node.name())) {
                throw error(node, "node " + node.name() + " has node attributes twice");
            }
            if (node.responseError() != null && !signals.containsKey(node.responseError())) {
                throw error(node, "node " + node.name() + " has response_error " + node.responseError()
                        + ", which is not a declared signal");
            }
            for (String fault : node.faultStateSignals()) {
                if (!signals.containsKey(fault)) {
                    throw error(node, "node " + node.name() + " lists fault state signal " + fault
                            + ", which is not a declared signal");
                }
            }
            for (ConfigurableFrame frame : node.configurableFrames()) {
                if (!frameNames.contains(frame.frame())) {
                    String message = "node " + node.name() + " lists configurable frame " + frame.frame()
                            + ", which is not a declared frame";
                    if (!lenient) {
                        throw error(node, message);
                    }
                    warn(node, message);
                }
            }
        }
    }

    private void schedules() {
        Set<String> names = new HashSet<>();
        Set<String> slaves = new HashSet<>(parts.slaves);
        parts.nodeAttributes.forEach(n -> slaves.add(n.name()));
        for (ScheduleTable table : parts.scheduleTables) {
            if (!names.add(table.name())) {
                throw error(table, "schedule table name " + table.name() + " is used twice");
            }
            for (ScheduleEntry entry : table.entries()) {
                ScheduleCommand command = entry.command();
                String frame = null;
                String node = null;
                if (command instanceof ScheduleCommand.SendFrame) {
                    frame = ((ScheduleCommand.SendFrame) command).frame();
                } else if (command instanceof ScheduleCommand.AssignNad) {
                    node = ((ScheduleCommand.AssignNad) command).node();
                } else if (command instanceof ScheduleCommand.SaveConfiguration) {
                    node = ((ScheduleCommand.SaveConfiguration) command).node();
                } else if (command instanceof ScheduleCommand.DataDump) {
                    node = ((ScheduleCommand.DataDump) command).node();
                } else if (command instanceof ScheduleCommand.AssignFrameIdRange) {
                    node = ((ScheduleCommand.AssignFrameIdRange) command).node();
                } else if (command instanceof ScheduleCommand.AssignFrameId) {
                    node = ((ScheduleCommand.AssignFrameId) command).node();
                    frame = ((ScheduleCommand.AssignFrameId) command).frame();
                } else if (command instanceof ScheduleCommand.UnassignFrameId) {
                    node = ((ScheduleCommand.UnassignFrameId) command).node();
                    frame = ((ScheduleCommand.UnassignFrameId) command).frame();
                }
                if (frame != null && !frameNames.contains(frame)) {
                    throw error(entry, "schedule table " + table.name() + " uses frame " + frame
                            + ", which is not declared");
                }
                if (node != null && !slaves.contains(node)) {
                    throw error(entry, "schedule table " + table.name() + " addresses node " + node
                            + ", which is not a slave");
                }
            }
        }
    }

    private void groups() {
        for (SignalGroup group : parts.signalGroups) {
            placement(group.signals(), group.size(), "signal group " + group.name());
        }
    }

    private void representations() {
        Map<String, Integer> encodings = new HashMap<>();
        for (int i = 0; i < parts.encodingTypes.size(); i++) {
            EncodingType type = parts.encodingTypes.get(i);
            Integer first = encodings.putIfAbsent(type.name(), i);
            if (first != null) {
                String message = "encoding type name " + type.name() + " is used twice";
                if (!lenient) {
                    throw error(type, message);
                }
                warn(type, message + "; the later definition wins");
                parts.encodingTypes.set(first, type);
                parts.encodingTypes.remove(i--);
            }
        }
        Map<String, String> encodingOf = new HashMap<>();
        for (SignalRepresentation representation : parts.representations) {
            if (!encodings.containsKey(representation.encoding())) {
                throw error(representation, "Signal_representation uses encoding type " + representation.encoding()
                        + ", which is not declared in Signal_encoding_types");
            }
            for (String signal : representation.signals()) {
                if (!signals.containsKey(signal)) {
                    throw error(representation, "Signal_representation gives encoding " + representation.encoding()
                            + " to signal " + signal + ", which is not declared");
                }
                String previous = encodingOf.put(signal, representation.encoding());
                if (previous != null && !previous.equals(representation.encoding())) {
                    throw error(representation, "signal " + signal + " has two encoding types: " + previous + " and "
                            + representation.encoding());
                }
            }
        }
    }

    private LdfParseException error(Object item, String message) {
        int[] at = item == null ? null : parts.locations.get(item);
        return new LdfParseException(file, at == null ? 0 : at[0], at == null ? 0 : at[1], message, null);
    }

    private void warn(Object item, String message) {
        int[] at = parts.locations.get(item);
        parts.warnings.add(new LdfWarning(file, at == null ? 0 : at[0], at == null ? 0 : at[1], message));
    }
}
