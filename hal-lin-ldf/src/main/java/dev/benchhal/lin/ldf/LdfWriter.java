package dev.benchhal.lin.ldf;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Prints a model as LDF text in the layout of the LIN specification's examples. Parsing the
 * output gives a model equal to the input (with the parser that read the input: a leniently read
 * model may need the lenient parser again). Defaults the parser applied are written out. Comments
 * are written first, in file order.
 * <pre>{@code
 * Files.writeString(Path.of("copy.ldf"), LdfWriter.write(ldf));
 * }</pre>
 */
public final class LdfWriter {

    private final StringBuilder out = new StringBuilder(8192);

    private LdfWriter() {
    }

    /**
     * @param ldf a model
     * @return its LDF text
     */
    public static String write(LdfDatabase ldf) {
        LdfWriter writer = new LdfWriter();
        writer.all(ldf);
        return writer.out.toString();
    }

    private void all(LdfDatabase ldf) {
        for (String comment : ldf.comments()) {
            if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
                line("/* " + comment + " */");
            } else {
                line("// " + comment);
            }
        }
        if (!ldf.comments().isEmpty()) {
            line("");
        }
        LdfHeader h = ldf.header();
        line("LIN_description_file;");
        line("LIN_protocol_version = " + quote(h.protocolVersion()) + ";");
        line("LIN_language_version = " + quote(h.languageVersion()) + ";");
        if (h.fileRevision() != null) {
            line("LDF_file_revision = " + quote(h.fileRevision()) + ";");
        }
        line("LIN_speed = " + BigDecimal.valueOf(h.speedBitsPerSecond(), 3).stripTrailingZeros().toPlainString() + " kbps;");
        if (h.channelName() != null) {
            line("Channel_name = " + quote(h.channelName()) + ";");
        }
        if (h.signalByteOrder() != null) {
            line(h.signalByteOrder() == SignalByteOrder.BIG_ENDIAN ? "LIN_sig_byte_order_big_endian;"
                    : "LIN_sig_byte_order_little_endian;");
        }
        nodes(ldf);
        compositions(ldf);
        signals(ldf);
        frames(ldf);
        nodeAttributes(ldf);
        schedules(ldf);
        groups(ldf);
        encodings(ldf);
    }

    private void nodes(LdfDatabase ldf) {
        open("Nodes");
        LdfMaster m = ldf.master();
        if (m != null) {
            StringBuilder master = new StringBuilder("  Master: " + m.name() + ", " + ms(m.timeBase()) + ", " + ms(m.jitter()));
            if (m.maxHeaderLengthBits() != null && m.responseTolerance() != null) {
                master.append(", ").append(m.maxHeaderLengthBits()).append(" bits, ").append(percent(m.responseTolerance()));
            }
            line(master + ";");
        }
        if (!ldf.slaves().isEmpty()) {
            line("  Slaves: " + String.join(", ", ldf.slaves()) + ";");
        }
        close();
    }

    private void compositions(LdfDatabase ldf) {
        if (ldf.compositions().isEmpty()) {
            return;
        }
        open("composite");
        for (NodeComposition c : ldf.compositions()) {
            line("  configuration " + c.configuration() + " {");
            for (CompositeNode node : c.composites()) {
                line("    " + node.name() + " { " + String.join(", ", node.logicalNodes()) + " }");
            }
            line("  }");
        }
        close();
    }

    private void signals(LdfDatabase ldf) {
        open("Signals");
        for (LdfSignal s : ldf.signals()) {
            StringBuilder text = new StringBuilder("  " + s.name() + ": " + s.width() + ", " + init(s) + ", " + s.publisher());
            for (String subscriber : s.subscribers()) {
                text.append(", ").append(subscriber);
            }
            line(text + ";");
        }
        close();
        if (!ldf.diagnosticSignals().isEmpty()) {
            open("Diagnostic_signals");
            for (LdfSignal s : ldf.diagnosticSignals()) {
                line("  " + s.name() + ": " + s.width() + ", " + init(s) + ";");
            }
            close();
        }
    }

    private static String init(LdfSignal s) {
        if (!s.array()) {
            return Long.toString(s.initValue());
        }
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < s.initBytes().size(); i++) {
            text.append(i == 0 ? "" : ", ").append(s.initBytes().get(i));
        }
        return text.append("}").toString();
    }

    private void frames(LdfDatabase ldf) {
        open("Frames");
        for (LdfFrame f : ldf.frames()) {
            line("  " + f.name() + ": " + LdfText.hex(f.id()) + ", " + f.publisher()
                    + (f.declaredLength() == null ? "" : ", " + f.declaredLength()) + " {");
            placed(f.signals());
            line("  }");
        }
        close();
        if (!ldf.sporadicFrames().isEmpty()) {
            open("Sporadic_frames");
            ldf.sporadicFrames().forEach(s -> line("  " + s.name() + ": " + String.join(", ", s.frames()) + ";"));
            close();
        }
        if (!ldf.eventTriggeredFrames().isEmpty()) {
            open("Event_triggered_frames");
            for (EventTriggeredFrame e : ldf.eventTriggeredFrames()) {
                StringBuilder text = new StringBuilder("  " + e.name() + ": ");
                if (e.collisionResolvingTable() != null) {
                    text.append(e.collisionResolvingTable()).append(", ");
                }
                text.append(LdfText.hex(e.id()));
                e.frames().forEach(f -> text.append(", ").append(f));
                line(text + ";");
            }
            close();
        }
        if (!ldf.diagnosticFrames().isEmpty()) {
            open("Diagnostic_frames");
            for (DiagnosticFrame d : ldf.diagnosticFrames()) {
                line("  " + d.name() + ": " + LdfText.hex(d.id()) + " {");
                placed(d.signals());
                line("  }");
            }
            close();
        }
        if (!ldf.dynamicFrameIds().isEmpty()) {
            open("Dynamic_frames");
            StringBuilder ids = new StringBuilder("  ");
            for (int i = 0; i < ldf.dynamicFrameIds().size(); i++) {
                ids.append(i == 0 ? "" : ", ").append(ldf.dynamicFrameIds().get(i));
            }
            line(ids + ";");
            close();
        }
        if (!ldf.diagnosticAddresses().isEmpty()) {
            open("Diagnostic_addresses");
            for (Map.Entry<String, Integer> a : ldf.diagnosticAddresses().entrySet()) {
                line("  " + a.getKey() + ": " + LdfText.hex(a.getValue()) + ";");
            }
            close();
        }
    }

    private void placed(List<PlacedSignal> signals) {
        for (PlacedSignal p : signals) {
            line("    " + p.signal() + ", " + p.offset() + ";");
        }
    }

    private void nodeAttributes(LdfDatabase ldf) {
        List<NodeAttributes> declared = ldf.nodeAttributes().stream().filter(NodeAttributes::declared).toList();
        if (declared.isEmpty() && !ldf.header().isLin1()) {
            line("");
            line("Node_attributes {");
            line("}");
            return;
        }
        if (declared.isEmpty()) {
            return;
        }
        open("Node_attributes");
        for (NodeAttributes n : declared) {
            line("  " + n.name() + " {");
            line("    LIN_protocol = " + quote(n.linProtocol()) + ";");
            line("    configured_NAD = " + LdfText.hex(n.configuredNad()) + ";");
            line("    initial_NAD = " + LdfText.hex(n.initialNad()) + ";");
            if (n.productId() != null) {
                line("    product_id = " + LdfText.hex(n.productId().supplierId()) + ", "
                        + LdfText.hex(n.productId().functionId()) + ", " + n.productId().variant() + ";");
            }
            if (n.responseError() != null) {
                line("    response_error = " + n.responseError() + ";");
            }
            if (!n.faultStateSignals().isEmpty()) {
                line("    fault_state_signals = " + String.join(", ", n.faultStateSignals()) + ";");
            }
            line("    P2_min = " + ms(n.p2Min()) + ";");
            line("    ST_min = " + ms(n.stMin()) + ";");
            line("    N_As_timeout = " + ms(n.nAsTimeout()) + ";");
            line("    N_Cr_timeout = " + ms(n.nCrTimeout()) + ";");
            if (n.responseTolerance() != null) {
                line("    response_tolerance = " + percent(n.responseTolerance()) + ";");
            }
            if (n.wakeupTime() != null) {
                line("    wakeup_time = " + ms(n.wakeupTime()) + ";");
            }
            if (n.powerOnTime() != null) {
                line("    poweron_time = " + ms(n.powerOnTime()) + ";");
            }
            if (!n.configurableFrames().isEmpty()) {
                line("    configurable_frames {");
                for (ConfigurableFrame f : n.configurableFrames()) {
                    line("      " + f.frame() + (f.messageId() == null ? "" : " = " + LdfText.hex(f.messageId())) + ";");
                }
                line("    }");
            }
            line("  }");
        }
        close();
    }

    private void schedules(LdfDatabase ldf) {
        open("Schedule_tables");
        for (ScheduleTable t : ldf.scheduleTables()) {
            line("  " + t.name() + " {");
            for (ScheduleEntry e : t.entries()) {
                line("    " + command(e.command()) + " delay " + ms(e.delay()) + ";");
            }
            line("  }");
        }
        close();
    }

    private static String command(ScheduleCommand c) {
        if (c instanceof ScheduleCommand.AssignNad) {
            return "AssignNAD { " + ((ScheduleCommand.AssignNad) c).node() + " }";
        }
        if (c instanceof ScheduleCommand.SaveConfiguration) {
            return "SaveConfiguration { " + ((ScheduleCommand.SaveConfiguration) c).node() + " }";
        }
        if (c instanceof ScheduleCommand.ConditionalChangeNad) {
            ScheduleCommand.ConditionalChangeNad n = (ScheduleCommand.ConditionalChangeNad) c;
            return "ConditionalChangeNAD { " + LdfText.hex(n.nad()) + ", " + LdfText.hex(n.id()) + ", " + n.byteIndex()
                    + ", " + LdfText.hex(n.mask()) + ", " + LdfText.hex(n.invert()) + ", " + LdfText.hex(n.newNad()) + " }";
        }
        if (c instanceof ScheduleCommand.DataDump) {
            ScheduleCommand.DataDump d = (ScheduleCommand.DataDump) c;
            return "DataDump { " + d.node() + ", " + hexList(d.data()) + " }";
        }
        if (c instanceof ScheduleCommand.AssignFrameIdRange) {
            ScheduleCommand.AssignFrameIdRange r = (ScheduleCommand.AssignFrameIdRange) c;
            return "AssignFrameIdRange { " + r.node() + ", " + r.frameIndex() + (r.pids().isEmpty() ? "" : ", "
                    + hexList(r.pids())) + " }";
        }
        if (c instanceof ScheduleCommand.AssignFrameId) {
            ScheduleCommand.AssignFrameId a = (ScheduleCommand.AssignFrameId) c;
            return "AssignFrameId { " + a.node() + ", " + a.frame() + " }";
        }
        if (c instanceof ScheduleCommand.UnassignFrameId) {
            ScheduleCommand.UnassignFrameId u = (ScheduleCommand.UnassignFrameId) c;
            return "UnassignFrameId { " + u.node() + ", " + u.frame() + " }";
        }
        if (c instanceof ScheduleCommand.FreeFormat) {
            return "FreeFormat { " + hexList(((ScheduleCommand.FreeFormat) c).data()) + " }";
        }
        return c.keyword();
    }

    private void groups(LdfDatabase ldf) {
        if (ldf.signalGroups().isEmpty()) {
            return;
        }
        open("Signal_groups");
        for (SignalGroup g : ldf.signalGroups()) {
            line("  " + g.name() + ": " + g.size() + " {");
            placed(g.signals());
            line("  }");
        }
        close();
    }

    private void encodings(LdfDatabase ldf) {
        if (!ldf.encodingTypes().isEmpty()) {
            open("Signal_encoding_types");
            for (EncodingType t : ldf.encodingTypes()) {
                line("  " + t.name() + " {");
                for (ValueConverter c : t.converters()) {
                    line("    " + converter(c) + ";");
                }
                line("  }");
            }
            close();
        }
        if (!ldf.representations().isEmpty()) {
            open("Signal_representation");
            ldf.representations().forEach(r -> line("  " + r.encoding() + ": " + String.join(", ", r.signals()) + ";"));
            close();
        }
    }

    private static String converter(ValueConverter c) {
        if (c instanceof ValueConverter.LogicalValue) {
            ValueConverter.LogicalValue l = (ValueConverter.LogicalValue) c;
            return "logical_value, " + l.value() + (l.text() == null ? "" : ", " + quote(l.text()));
        }
        if (c instanceof ValueConverter.PhysicalRange) {
            ValueConverter.PhysicalRange p = (ValueConverter.PhysicalRange) c;
            return "physical_value, " + p.min() + ", " + p.max() + ", " + LdfText.number(p.scale()) + ", "
                    + LdfText.number(p.offset()) + (p.unit() == null ? "" : ", " + quote(p.unit()));
        }
        return c instanceof ValueConverter.BcdValue ? "bcd_value" : "ascii_value";
    }

    private static String hexList(List<Integer> values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(LdfText.hex(values.get(i)));
        }
        return text.toString();
    }

    private static String ms(Duration d) {
        return LdfText.millis(d) + " ms";
    }

    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void open(String section) {
        line("");
        line(section + " {");
    }

    private void close() {
        line("}");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
