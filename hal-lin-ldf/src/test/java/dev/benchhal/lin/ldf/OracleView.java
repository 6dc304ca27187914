package dev.benchhal.lin.ldf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders our model in the JSON layout of {@code ../shared/ldf/expected} (see its README), so a
 * differential test compares like with like.
 */
final class OracleView {

    private OracleView() {
    }

    static Map<String, Object> model(LdfDatabase ldf) {
        Map<String, Object> out = new LinkedHashMap<>();
        LdfHeader h = ldf.header();
        out.put("header", map("protocol_version", h.protocolVersion(), "language_version", h.languageVersion(),
                "baudrate", h.speedBitsPerSecond(), "channel_name", h.channelName(), "file_revision", h.fileRevision(),
                "sig_byte_order", h.signalByteOrder() == null ? null
                        : h.signalByteOrder() == SignalByteOrder.BIG_ENDIAN ? "big" : "little"));
        LdfMaster m = ldf.master();
        out.put("master", map("name", m.name(), "timebase_ms", ms(m.timeBase()), "jitter_ms", ms(m.jitter()),
                "max_header_length", m.maxHeaderLengthBits(), "response_tolerance", m.responseTolerance()));
        List<Object> slaves = new ArrayList<>();
        ldf.nodeAttributes().forEach(n -> slaves.add(n.name()));
        out.put("slaves", slaves);
        out.put("nodes_slaves_declared", ldf.slaves());
        List<Object> nodes = new ArrayList<>();
        for (NodeAttributes n : ldf.nodeAttributes()) {
            List<Object> configurable = new ArrayList<>();
            for (int i = 0; i < n.configurableFrames().size(); i++) {
                ConfigurableFrame f = n.configurableFrames().get(i);
                configurable.add(f.messageId() != null ? map("frame", f.frame(), "message_id", f.messageId())
                        : map("frame", f.frame(), "index", i));
            }
            nodes.add(map("name", n.name(), "has_node_attributes", n.declared(), "lin_protocol", n.linProtocol(),
                    "configured_nad", n.configuredNad(), "initial_nad", n.initialNad(),
                    "product_id", n.productId() == null ? null : map("supplier_id", n.productId().supplierId(),
                            "function_id", n.productId().functionId(), "variant", n.productId().variant()),
                    "response_error", n.responseError(), "fault_state_signals", n.faultStateSignals(),
                    "p2_min_ms", ms(n.p2Min()), "st_min_ms", ms(n.stMin()), "n_as_timeout_ms", ms(n.nAsTimeout()),
                    "n_cr_timeout_ms", ms(n.nCrTimeout()), "response_tolerance", n.responseTolerance(),
                    "wakeup_time_ms", ms(n.wakeupTime()), "poweron_time_ms", ms(n.powerOnTime()),
                    "configurable_frames", configurable));
        }
        out.put("node_attributes", nodes);
        out.put("diagnostic_addresses", ldf.diagnosticAddresses().isEmpty() ? null : ldf.diagnosticAddresses());
        if (ldf.compositions().isEmpty()) {
            out.put("node_compositions", null);
        } else {
            Map<String, Object> compositions = new LinkedHashMap<>();
            for (NodeComposition c : ldf.compositions()) {
                Map<String, Object> composites = new LinkedHashMap<>();
                c.composites().forEach(k -> composites.put(k.name(), k.logicalNodes()));
                compositions.put(c.configuration(), composites);
            }
            out.put("node_compositions", compositions);
        }
        List<Object> signals = new ArrayList<>();
        for (LdfSignal s : ldf.signals()) {
            signals.add(map("name", s.name(), "width", s.width(), "is_array", s.array(),
                    "init_value", s.array() ? s.initBytes() : (Object) s.initValue(), "publisher", s.publisher(),
                    "subscribers", s.subscribers(), "encoding_type", ldf.encodingOf(s.name()).map(EncodingType::name)
                            .orElse(null), "frames", ldf.framesOf(s.name())));
        }
        out.put("signals", signals);
        List<Object> diagnosticSignals = new ArrayList<>();
        for (LdfSignal s : ldf.diagnosticSignals()) {
            diagnosticSignals.add(map("name", s.name(), "width", s.width(),
                    "init_value", s.array() ? s.initBytes() : (Object) s.initValue()));
        }
        out.put("diagnostic_signals", diagnosticSignals);
        List<Object> frames = new ArrayList<>();
        for (LdfFrame f : ldf.frames()) {
            frames.add(map("name", f.name(), "id", f.id(), "publisher", f.publisher(), "length", f.length(),
                    "length_declared", f.declaredLength(), "signals", placed(f.signals(), true)));
        }
        out.put("frames", frames);
        List<Object> events = new ArrayList<>();
        for (EventTriggeredFrame e : ldf.eventTriggeredFrames()) {
            events.add(map("name", e.name(), "id", e.id(), "collision_resolving_schedule_table",
                    e.collisionResolvingTable(), "frames", e.frames()));
        }
        out.put("event_triggered_frames", events);
        List<Object> sporadic = new ArrayList<>();
        ldf.sporadicFrames().forEach(s -> sporadic.add(map("name", s.name(), "frames", s.frames())));
        out.put("sporadic_frames", sporadic);
        List<Object> diagnosticFrames = new ArrayList<>();
        for (DiagnosticFrame d : ldf.diagnosticFrames()) {
            diagnosticFrames.add(map("name", d.name(), "id", d.id(), "length", d.length(),
                    "signals", placed(d.signals(), false)));
        }
        out.put("diagnostic_frames", diagnosticFrames);
        List<Object> encodings = new ArrayList<>();
        for (EncodingType t : ldf.encodingTypes()) {
            List<Object> values = new ArrayList<>();
            for (ValueConverter c : t.converters()) {
                values.add(converter(c));
            }
            List<Object> users = new ArrayList<>();
            ldf.representations().stream().filter(r -> r.encoding().equals(t.name())).forEach(r -> users.addAll(r.signals()));
            encodings.add(map("name", t.name(), "values", values, "signals", users));
        }
        out.put("signal_encoding_types", encodings);
        List<Object> representations = new ArrayList<>();
        ldf.representations().forEach(r -> representations.add(map("encoding", r.encoding(), "signals", r.signals())));
        out.put("signal_representations", representations);
        if (ldf.signalGroups().isEmpty()) {
            out.put("signal_groups", null);
        } else {
            List<Object> groups = new ArrayList<>();
            for (SignalGroup g : ldf.signalGroups()) {
                Map<String, Object> members = new LinkedHashMap<>();
                g.signals().forEach(p -> members.put(p.signal(), p.offset()));
                groups.add(map("name", g.name(), "size", g.size(), "signals", members));
            }
            out.put("signal_groups", groups);
        }
        List<Object> tables = new ArrayList<>();
        for (ScheduleTable t : ldf.scheduleTables()) {
            List<Object> entries = new ArrayList<>();
            t.entries().forEach(e -> entries.add(entry(e)));
            tables.add(map("name", t.name(), "entries", entries));
        }
        out.put("schedule_tables", tables);
        return out;
    }

    static Map<String, Object> converter(ValueConverter c) {
        if (c instanceof ValueConverter.LogicalValue) {
            ValueConverter.LogicalValue l = (ValueConverter.LogicalValue) c;
            return map("type", "logical", "value", l.value(), "text", l.text());
        }
        if (c instanceof ValueConverter.PhysicalRange) {
            ValueConverter.PhysicalRange p = (ValueConverter.PhysicalRange) c;
            return map("type", "physical", "min", p.min(), "max", p.max(), "scale", p.scale(), "offset", p.offset(),
                    "unit", p.unit());
        }
        return map("type", c instanceof ValueConverter.BcdValue ? "bcd" : "ascii");
    }

    private static Map<String, Object> entry(ScheduleEntry e) {
        ScheduleCommand c = e.command();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", c instanceof ScheduleCommand.SendFrame ? "frame" : c.keyword());
        out.put("delay_ms", ms(e.delay()));
        if (c instanceof ScheduleCommand.SendFrame) {
            out.put("frame", ((ScheduleCommand.SendFrame) c).frame());
        } else if (c instanceof ScheduleCommand.AssignNad) {
            out.put("node", ((ScheduleCommand.AssignNad) c).node());
        } else if (c instanceof ScheduleCommand.SaveConfiguration) {
            out.put("node", ((ScheduleCommand.SaveConfiguration) c).node());
        } else if (c instanceof ScheduleCommand.ConditionalChangeNad) {
            ScheduleCommand.ConditionalChangeNad n = (ScheduleCommand.ConditionalChangeNad) c;
            out.putAll(map("nad", n.nad(), "id", n.id(), "byte", n.byteIndex(), "mask", n.mask(), "inv", n.invert(),
                    "new_nad", n.newNad()));
        } else if (c instanceof ScheduleCommand.DataDump) {
            out.put("node", ((ScheduleCommand.DataDump) c).node());
            out.put("data", ((ScheduleCommand.DataDump) c).data());
        } else if (c instanceof ScheduleCommand.AssignFrameIdRange) {
            ScheduleCommand.AssignFrameIdRange r = (ScheduleCommand.AssignFrameIdRange) c;
            out.putAll(map("node", r.node(), "frame_index", r.frameIndex(), "pids", r.pids()));
        } else if (c instanceof ScheduleCommand.AssignFrameId) {
            out.put("node", ((ScheduleCommand.AssignFrameId) c).node());
            out.put("frame", ((ScheduleCommand.AssignFrameId) c).frame());
        } else if (c instanceof ScheduleCommand.UnassignFrameId) {
            out.put("node", ((ScheduleCommand.UnassignFrameId) c).node());
            out.put("frame", ((ScheduleCommand.UnassignFrameId) c).frame());
        } else if (c instanceof ScheduleCommand.FreeFormat) {
            out.put("data", ((ScheduleCommand.FreeFormat) c).data());
        }
        return out;
    }

    private static List<Object> placed(List<PlacedSignal> signals, boolean sort) {
        List<PlacedSignal> ordered = new ArrayList<>(signals);
        if (sort) {
            ordered.sort(Comparator.comparingInt(PlacedSignal::offset));
        }
        List<Object> out = new ArrayList<>();
        ordered.forEach(p -> out.add(map("name", p.signal(), "offset", p.offset())));
        return out;
    }

    static Double ms(Duration d) {
        return d == null ? null : d.toNanos() / 1e6;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
