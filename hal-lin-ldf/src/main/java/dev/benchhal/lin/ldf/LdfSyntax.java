package dev.benchhal.lin.ldf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Recursive-descent reader of the LDF grammar (LIN 2.2A specification section 9.2, ISO 17987-2, SAE J2602-3). */
final class LdfSyntax {

    private final LdfLexer lx;
    private final boolean lenient;
    private final LdfDatabase.Parts parts = new LdfDatabase.Parts();
    private final Map<String, Integer> signalIndex = new HashMap<>();
    private int pos;

    private String protocolVersion;
    private String languageVersion;
    private Integer speed;
    private String channelName;
    private String fileRevision;
    private SignalByteOrder byteOrder;
    private int headerToken = -1;

    LdfSyntax(LdfLexer lexer, boolean lenient) {
        this.lx = lexer;
        this.lenient = lenient;
        parts.source = lexer.file;
    }

    LdfDatabase.Parts parse() {
        while (lx.kind[pos] != LdfLexer.EOF) {
            int keyword = pos;
            if (lx.kind[pos] != LdfLexer.IDENT) {
                throw expected("a section keyword (LIN_description_file, Nodes, Signals, Frames, ...)");
            }
            String word = lx.lexeme(pos);
            pos++;
            switch (word) {
                case "LIN_description_file":
                    headerToken = keyword;
                    semicolon("after LIN_description_file");
                    break;
                case "LIN_protocol_version":
                    protocolVersion = versionAssignment("LIN_protocol_version");
                    break;
                case "LIN_language_version":
                    languageVersion = versionAssignment("LIN_language_version");
                    break;
                case "LDF_file_revision":
                    punct('=', "after LDF_file_revision");
                    fileRevision = string("the file revision");
                    semicolon("after the file revision");
                    break;
                case "LIN_speed":
                    speed = speed();
                    break;
                case "Channel_name":
                    punct('=', "after Channel_name");
                    channelName = string("the channel name");
                    semicolon("after the channel name");
                    break;
                case "LIN_sig_byte_order_big_endian":
                    byteOrder = SignalByteOrder.BIG_ENDIAN;
                    semicolon("after LIN_sig_byte_order_big_endian");
                    break;
                case "LIN_sig_byte_order_little_endian":
                    byteOrder = SignalByteOrder.LITTLE_ENDIAN;
                    semicolon("after LIN_sig_byte_order_little_endian");
                    break;
                case "Nodes":
                    nodes();
                    break;
                case "composite":
                    composite();
                    break;
                case "Signals":
                    signals();
                    break;
                case "Diagnostic_signals":
                    diagnosticSignals();
                    break;
                case "Frames":
                    frames();
                    break;
                case "Sporadic_frames":
                    sporadicFrames();
                    break;
                case "Event_triggered_frames":
                    eventTriggeredFrames();
                    break;
                case "Diagnostic_frames":
                    diagnosticFrames();
                    break;
                case "Dynamic_frames":
                    dynamicFrames();
                    break;
                case "Diagnostic_addresses":
                    diagnosticAddresses();
                    break;
                case "Node_attributes":
                    nodeAttributes();
                    break;
                case "Schedule_tables":
                    scheduleTables();
                    break;
                case "Signal_groups":
                    signalGroups();
                    break;
                case "Signal_encoding_types":
                    encodingTypes();
                    break;
                case "Signal_representation":
                    representations();
                    break;
                case "Signal_representations":
                    if (!lenient) {
                        pos = keyword;
                        throw expected("a section keyword (did you mean Signal_representation?)");
                    }
                    warn(keyword, "section Signal_representations read as Signal_representation");
                    representations();
                    break;
                default:
                    pos = keyword;
                    if (!lenient || !skipUnknownSection()) {
                        throw expected("a section keyword (LIN_description_file, Nodes, Signals, Frames, ...)");
                    }
            }
        }
        header();
        return parts;
    }

    /** Lenient mode: skips {@code Name { ... }} or {@code Name ... ;} that this parser does not know. */
    private boolean skipUnknownSection() {
        int at = pos;
        pos++;
        int depth = 0;
        while (lx.kind[pos] != LdfLexer.EOF) {
            if (isPunct('{')) {
                depth++;
            } else if (isPunct('}')) {
                if (--depth <= 0) {
                    pos++;
                    break;
                }
            } else if (isPunct(';') && depth == 0) {
                pos++;
                break;
            }
            pos++;
        }
        if (depth > 0) {
            pos = at;
            return false;
        }
        warn(at, "unknown section " + lx.lexeme(at) + " skipped");
        return true;
    }

    private void header() {
        if (headerToken < 0) {
            missing("LIN_description_file;");
        }
        if (protocolVersion == null) {
            missing("LIN_protocol_version");
        }
        if (languageVersion == null) {
            missing("LIN_language_version");
        }
        if (speed == null) {
            missing("LIN_speed");
        }
        parts.header = new LdfHeader(protocolVersion, languageVersion, speed, channelName, fileRevision, byteOrder);
    }

    private void missing(String what) {
        throw new LdfParseException(lx.file, 0, 0, "the file has no " + what, null);
    }

    /** The versions the LIN specifications, SAE J2602 and ISO 17987 define for the version fields. */
    private static final java.util.regex.Pattern KNOWN_VERSION = java.util.regex.Pattern.compile(
            "1\\.[0-3]|2\\.[0-2]A?|J2602_[1-3]_\\d+\\.\\d+|ISO17987:\\d{4}");

    private String versionAssignment(String keyword) {
        punct('=', "after " + keyword);
        int at = pos;
        String version;
        if (lx.kind[pos] == LdfLexer.STRING) {
            version = string("a version");
        } else if (lx.kind[pos] == LdfLexer.FLOAT || lx.kind[pos] == LdfLexer.INT) {
            version = lx.lexeme(pos++);
        } else {
            throw expected("a version string such as \"2.1\"");
        }
        if (!KNOWN_VERSION.matcher(version).matches()) {
            String message = keyword + " \"" + version + "\" is not a version the LIN specifications define (1.0 to 1.3, "
                    + "2.0 to 2.2A, J2602_n_x.y, ISO17987:yyyy)";
            if (!lenient) {
                throw new LdfParseException(lx.file, lx.line[at], lx.column[at], message, null);
            }
            warn(at, message);
        }
        semicolon("after the version");
        return version;
    }

    private int speed() {
        punct('=', "after LIN_speed");
        int at = pos;
        double kbps = number("the speed in kbps");
        word("kbps", "after the speed");
        semicolon("after the speed");
        long bps = Math.round(kbps * 1000);
        if (bps < 1000 || bps > 20000) {
            throw new LdfParseException(lx.file, lx.line[at], lx.column[at], "LIN_speed must be 1..20 kbps, not "
                    + LdfText.number(kbps) + " kbps", null);
        }
        return (int) bps;
    }

    // ---- Nodes -----------------------------------------------------------------------------------

    private void nodes() {
        open("after Nodes");
        while (!isPunct('}')) {
            int at = pos;
            if (lx.isWord(pos, "Master")) {
                pos++;
                punct(':', "after Master");
                String name = name("the master node name");
                Duration timeBase = Duration.ZERO;
                Duration jitter = Duration.ZERO;
                Integer headerBits = null;
                Double tolerance = null;
                if (isPunct(';') && lenient) {
                    warn(at, "master " + name + " has no time base and jitter; read as 0 ms");
                } else {
                    punct(',', "after the master node name");
                    timeBase = millis("the time base");
                    punct(',', "after the time base");
                    jitter = millis("the jitter");
                    if (isPunct(',')) {
                        pos++;
                        headerBits = integerIn("the maximum header length in bits", 0, 0xFFFF);
                        word("bits", "after the maximum header length");
                        punct(',', "after the maximum header length");
                        tolerance = number("the response tolerance") / 100.0;
                        punct('%', "after the response tolerance");
                    }
                }
                semicolon("after the master definition");
                parts.master = new LdfMaster(name, timeBase, jitter, headerBits, tolerance);
                parts.locations.put(parts.master, where(at));
            } else if (lx.isWord(pos, "Slaves")) {
                pos++;
                punct(':', "after Slaves");
                if (!isPunct(';')) {
                    parts.slaves.addAll(nameList("a slave node name"));
                }
                semicolon("after the slave list");
            } else {
                throw expected("Master or Slaves");
            }
        }
        pos++;
    }

    private void composite() {
        open("after composite");
        while (!isPunct('}')) {
            word("configuration", "in the composite section");
            String configuration = name("the configuration name");
            open("after the configuration name");
            List<CompositeNode> composites = new ArrayList<>();
            while (!isPunct('}')) {
                String node = name("a composite node name");
                open("after the composite node name");
                List<String> logical = nameList("a logical node name");
                close("after the logical nodes");
                composites.add(new CompositeNode(node, logical));
            }
            pos++;
            parts.compositions.add(new NodeComposition(configuration, composites));
        }
        pos++;
    }

    // ---- Signals ---------------------------------------------------------------------------------

    private void signals() {
        open("after Signals");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("a signal name");
            punct(':', "after the signal name " + name);
            int width = signalWidth(name);
            punct(',', "after the size of " + name);
            LdfSignal signal = initValueAnd(name, width, true);
            addSignal(signal, at);
        }
        pos++;
    }

    private LdfSignal initValueAnd(String name, int width, boolean withNodes) {
        long init = 0;
        List<Integer> initBytes = new ArrayList<>();
        boolean array = false;
        if (isPunct('{')) {
            array = true;
            pos++;
            do {
                int at = pos;
                long b = integer("a byte of the init value of " + name);
                if (b < 0 || b > 0xFF) {
                    throw new LdfParseException(lx.file, lx.line[at], lx.column[at], "init value bytes of " + name
                            + " must be 0..255, not " + b, null);
                }
                initBytes.add((int) b);
            } while (comma());
            close("after the init value of " + name);
        } else {
            init = integer("the init value of " + name);
        }
        String publisher = null;
        List<String> subscribers = List.of();
        if (withNodes) {
            punct(',', "after the init value of " + name);
            publisher = name("the publisher of " + name);
            subscribers = comma() ? nameList("a subscriber of " + name) : List.of();
        }
        semicolon("after the definition of signal " + name);
        return new LdfSignal(name, width, array, init, initBytes, publisher, subscribers);
    }

    private void addSignal(LdfSignal signal, int at) {
        Integer previous = signalIndex.get(signal.name());
        if (previous != null) {
            LdfSignal first = parts.signals.get(previous);
            int[] firstAt = parts.locations.get(first);
            String message = "signal " + signal.name() + " is defined twice (first at line " + firstAt[0] + ")";
            if (!lenient) {
                throw new LdfParseException(lx.file, lx.line[at], lx.column[at], message, null);
            }
            warn(at, message + "; the later definition wins");
            parts.signals.set(previous, signal);
        } else {
            signalIndex.put(signal.name(), parts.signals.size());
            parts.signals.add(signal);
        }
        parts.locations.put(signal, where(at));
    }

    private void diagnosticSignals() {
        open("after Diagnostic_signals");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("a diagnostic signal name");
            punct(':', "after the signal name " + name);
            int width = signalWidth(name);
            punct(',', "after the size of " + name);
            LdfSignal signal = initValueAnd(name, width, false);
            parts.diagnosticSignals.add(signal);
            parts.locations.put(signal, where(at));
        }
        pos++;
    }

    // ---- Frames ----------------------------------------------------------------------------------

    private void frames() {
        open("after Frames");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("a frame name");
            punct(':', "after the frame name " + name);
            int id = integerIn("the id of frame " + name, 0, 0xFF);
            punct(',', "after the id of frame " + name);
            String publisher = name("the publisher of frame " + name);
            Integer declared = null;
            if (comma()) {
                declared = integerIn("the length of frame " + name + " in bytes", 0, 0xFF);
            }
            List<PlacedSignal> signals = placedSignals("frame " + name, at);
            int length = declared != null ? declared : impliedLength(id);
            LdfFrame frame = new LdfFrame(name, id, publisher, length, declared, signals);
            parts.frames.add(frame);
            parts.locations.put(frame, where(at));
        }
        pos++;
    }

    static int impliedLength(int id) {
        return id < 32 ? 2 : id < 48 ? 4 : 8;
    }

    private List<PlacedSignal> placedSignals(String owner, int ownerAt) {
        open("to start the signals of " + owner);
        List<PlacedSignal> signals = new ArrayList<>();
        while (!isPunct('}')) {
            int at = pos;
            String signal = name("a signal name in " + owner);
            punct(',', "after " + signal + " in " + owner);
            int offsetAt = pos;
            long offset = integer("the bit offset of " + signal + " in " + owner);
            if (offset < 0 || offset > 63) {
                throw new LdfParseException(lx.file, lx.line[offsetAt], lx.column[offsetAt], signal + " in " + owner
                        + " has bit offset " + offset + "; offsets are 0..63", null);
            }
            semicolon("after the offset of " + signal + " in " + owner);
            PlacedSignal placed = new PlacedSignal(signal, (int) offset);
            signals.add(placed);
            parts.locations.put(placed, where(at));
        }
        if (signals.isEmpty()) {
            if (!lenient) {
                throw new LdfParseException(lx.file, lx.line[pos], lx.column[pos], "a signal in " + owner
                        + " (the signal list is empty)", "'}'");
            }
            warn(ownerAt, owner + " has no signals");
        }
        pos++;
        return signals;
    }

    private void sporadicFrames() {
        open("after Sporadic_frames");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("a sporadic frame name");
            punct(':', "after the sporadic frame name " + name);
            List<String> frames = nameList("a frame of sporadic frame " + name);
            semicolon("after the frames of sporadic frame " + name);
            SporadicFrame frame = new SporadicFrame(name, frames);
            parts.sporadicFrames.add(frame);
            parts.locations.put(frame, where(at));
        }
        pos++;
    }

    private void eventTriggeredFrames() {
        open("after Event_triggered_frames");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("an event-triggered frame name");
            punct(':', "after the event-triggered frame name " + name);
            String table = null;
            if (lx.kind[pos] == LdfLexer.IDENT) {
                table = name("the collision resolving schedule table of " + name);
                punct(',', "after the collision resolving schedule table of " + name);
            }
            int id = integerIn("the id of event-triggered frame " + name, 0, 0xFF);
            List<String> frames = new ArrayList<>();
            while (comma()) {
                frames.add(name("a frame of event-triggered frame " + name));
            }
            semicolon("after event-triggered frame " + name);
            EventTriggeredFrame frame = new EventTriggeredFrame(name, id, table, frames);
            parts.eventTriggeredFrames.add(frame);
            parts.locations.put(frame, where(at));
        }
        pos++;
    }

    private void diagnosticFrames() {
        open("after Diagnostic_frames");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("a diagnostic frame name");
            punct(':', "after the diagnostic frame name " + name);
            int id = integerIn("the id of diagnostic frame " + name, 0, 0xFF);
            List<PlacedSignal> signals = placedSignals("diagnostic frame " + name, at);
            DiagnosticFrame frame = new DiagnosticFrame(name, id, signals);
            parts.diagnosticFrames.add(frame);
            parts.locations.put(frame, where(at));
        }
        pos++;
    }

    private void dynamicFrames() {
        open("after Dynamic_frames");
        if (!isPunct('}')) {
            do {
                parts.dynamicFrameIds.add(integerIn("a dynamic frame id", 0, 0xFF));
            } while (comma());
            semicolon("after the dynamic frame ids");
        }
        close("after the dynamic frame ids");
    }

    private void diagnosticAddresses() {
        open("after Diagnostic_addresses");
        while (!isPunct('}')) {
            String node = name("a node name");
            punct(':', "after node " + node);
            int nad = integerIn("the diagnostic address of " + node, 0, 0xFF);
            semicolon("after the diagnostic address of " + node);
            parts.diagnosticAddresses.put(node, nad);
        }
        pos++;
    }

    // ---- Node attributes -------------------------------------------------------------------------

    private void nodeAttributes() {
        open("after Node_attributes");
        while (!isPunct('}')) {
            int at = pos;
            String node = name("a node name");
            open("after node " + node);
            NodeAttributeValues values = new NodeAttributeValues(node, at);
            while (!isPunct('}')) {
                nodeAttribute(values);
            }
            pos++;
            parts.nodeAttributes.add(values.build(parts.header == null ? protocolVersion : parts.header.protocolVersion()));
            parts.locations.put(parts.nodeAttributes.get(parts.nodeAttributes.size() - 1), where(at));
        }
        pos++;
    }

    private void nodeAttribute(NodeAttributeValues v) {
        int at = pos;
        String attribute = name("a node attribute of " + v.node);
        String of = " of node " + v.node;
        switch (attribute) {
            case "LIN_protocol":
                v.protocol = versionAssignment("LIN_protocol" + of);
                return;
            case "configured_NAD":
                punct('=', "after configured_NAD");
                v.configuredNad = integerIn("the configured NAD" + of, 0, 0xFF);
                break;
            case "initial_NAD":
                punct('=', "after initial_NAD");
                v.initialNad = integerIn("the initial NAD" + of, 0, 0xFF);
                break;
            case "product_id":
                punct('=', "after product_id");
                int supplier = integerIn("the supplier id" + of, 0, 0xFFFF);
                punct(',', "after the supplier id" + of);
                int function = integerIn("the function id" + of, 0, 0xFFFF);
                int variant = comma() ? integerIn("the variant" + of, 0, 0xFF) : 0;
                try {
                    v.productId = new ProductId(supplier, function, variant);
                } catch (IllegalArgumentException e) {
                    throw new LdfParseException(lx.file, lx.line[at], lx.column[at], e.getMessage() + of, null);
                }
                break;
            case "response_error":
                punct('=', "after response_error");
                v.responseError = name("the response error signal" + of);
                break;
            case "fault_state_signals":
                punct('=', "after fault_state_signals");
                v.faultStateSignals = nameList("a fault state signal" + of);
                break;
            case "P2_min":
                punct('=', "after P2_min");
                v.p2Min = millis("P2_min" + of);
                break;
            case "ST_min":
                punct('=', "after ST_min");
                v.stMin = millis("ST_min" + of);
                break;
            case "N_As_timeout":
                punct('=', "after N_As_timeout");
                v.nAs = millis("N_As_timeout" + of);
                break;
            case "N_Cr_timeout":
                punct('=', "after N_Cr_timeout");
                v.nCr = millis("N_Cr_timeout" + of);
                break;
            case "response_tolerance":
                punct('=', "after response_tolerance");
                v.responseTolerance = number("the response tolerance" + of) / 100.0;
                punct('%', "after the response tolerance" + of);
                break;
            case "wakeup_time":
                punct('=', "after wakeup_time");
                v.wakeupTime = millis("the wake-up time" + of);
                break;
            case "poweron_time":
                punct('=', "after poweron_time");
                v.powerOnTime = millis("the power-on time" + of);
                break;
            case "configurable_frames":
                open("after configurable_frames");
                while (!isPunct('}')) {
                    String frame = name("a configurable frame" + of);
                    Integer messageId = null;
                    if (isPunct('=')) {
                        pos++;
                        messageId = integerIn("the message id of " + frame + of, 0, 0xFFFF);
                    }
                    semicolon("after configurable frame " + frame + of);
                    v.configurableFrames.add(new ConfigurableFrame(frame, messageId));
                }
                pos++;
                return;
            default:
                if (!lenient) {
                    pos = at;
                    throw expected("a node attribute (LIN_protocol, configured_NAD, initial_NAD, product_id, "
                            + "response_error, fault_state_signals, P2_min, ST_min, N_As_timeout, N_Cr_timeout, "
                            + "configurable_frames, response_tolerance, wakeup_time, poweron_time)" + of);
                }
                warn(at, "unknown node attribute " + attribute + of + " skipped");
                while (!isPunct(';') && !isPunct('}') && lx.kind[pos] != LdfLexer.EOF) {
                    pos++;
                }
                break;
        }
        semicolon("after " + attribute + of);
    }

    /** Node attribute values as the file gives them, before defaults. */
    private final class NodeAttributeValues {
        final String node;
        final int at;
        String protocol;
        Integer configuredNad;
        Integer initialNad;
        ProductId productId;
        String responseError;
        List<String> faultStateSignals = List.of();
        Duration p2Min;
        Duration stMin;
        Duration nAs;
        Duration nCr;
        Double responseTolerance;
        Duration wakeupTime;
        Duration powerOnTime;
        final List<ConfigurableFrame> configurableFrames = new ArrayList<>();

        NodeAttributeValues(String node, int at) {
            this.node = node;
            this.at = at;
        }

        NodeAttributes build(String fileProtocol) {
            if (protocol == null) {
                protocol = fileProtocol == null ? "2.1" : fileProtocol;
            }
            if (configuredNad == null) {
                if (!lenient) {
                    throw new LdfParseException(lx.file, lx.line[at], lx.column[at], "node " + node
                            + " has no configured_NAD", null);
                }
                warn(at, "node " + node + " has no configured_NAD; read as 0x7F (broadcast)");
                configuredNad = 0x7F;
            }
            boolean j2602 = protocol.startsWith("J2602") || (fileProtocol != null && fileProtocol.startsWith("J2602"));
            return new NodeAttributes(node, true, protocol, configuredNad,
                    initialNad != null ? initialNad : configuredNad, productId, responseError, faultStateSignals,
                    p2Min != null ? p2Min : Duration.ofMillis(50), stMin != null ? stMin : Duration.ZERO,
                    nAs != null ? nAs : Duration.ofMillis(1000), nCr != null ? nCr : Duration.ofMillis(1000),
                    responseTolerance != null ? responseTolerance : j2602 ? Double.valueOf(0.4) : null,
                    wakeupTime != null ? wakeupTime : j2602 ? Duration.ofMillis(100) : null,
                    powerOnTime != null ? powerOnTime : j2602 ? Duration.ofMillis(100) : null,
                    configurableFrames);
        }
    }

    // ---- Schedule tables -------------------------------------------------------------------------

    private void scheduleTables() {
        open("after Schedule_tables");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("a schedule table name");
            open("after schedule table " + name);
            List<ScheduleEntry> entries = new ArrayList<>();
            while (!isPunct('}')) {
                int entryAt = pos;
                ScheduleCommand command = scheduleCommand(name);
                word("delay", "after " + command.keyword() + " in schedule table " + name);
                Duration delay = millis("the delay of " + command.keyword() + " in schedule table " + name);
                semicolon("after the delay of " + command.keyword() + " in schedule table " + name);
                ScheduleEntry entry = new ScheduleEntry(command, delay);
                entries.add(entry);
                parts.locations.put(entry, where(entryAt));
            }
            pos++;
            ScheduleTable table = new ScheduleTable(name, entries);
            parts.scheduleTables.add(table);
            parts.locations.put(table, where(at));
        }
        pos++;
    }

    private ScheduleCommand scheduleCommand(String table) {
        String word = name("a frame name or command in schedule table " + table);
        String in = " in schedule table " + table;
        switch (word) {
            case "MasterReq":
                return new ScheduleCommand.MasterReq();
            case "SlaveResp":
                return new ScheduleCommand.SlaveResp();
            case "AssignNAD": {
                open("after AssignNAD" + in);
                String node = name("the node of AssignNAD" + in);
                close("after the node of AssignNAD" + in);
                return new ScheduleCommand.AssignNad(node);
            }
            case "ConditionalChangeNAD": {
                open("after ConditionalChangeNAD" + in);
                int[] v = bytes(6, "ConditionalChangeNAD" + in);
                close("after the operands of ConditionalChangeNAD" + in);
                return new ScheduleCommand.ConditionalChangeNad(v[0], v[1], v[2], v[3], v[4], v[5]);
            }
            case "DataDump": {
                open("after DataDump" + in);
                String node = name("the node of DataDump" + in);
                punct(',', "after the node of DataDump" + in);
                int[] v = bytes(5, "DataDump" + in);
                close("after the data of DataDump" + in);
                return new ScheduleCommand.DataDump(node, box(v));
            }
            case "SaveConfiguration": {
                open("after SaveConfiguration" + in);
                String node = name("the node of SaveConfiguration" + in);
                close("after the node of SaveConfiguration" + in);
                return new ScheduleCommand.SaveConfiguration(node);
            }
            case "AssignFrameIdRange": {
                open("after AssignFrameIdRange" + in);
                String node = name("the node of AssignFrameIdRange" + in);
                punct(',', "after the node of AssignFrameIdRange" + in);
                int index = integerIn("the frame index of AssignFrameIdRange" + in, 0, 0xFF);
                List<Integer> pids = List.of();
                if (comma()) {
                    pids = box(bytes(4, "the PIDs of AssignFrameIdRange" + in));
                }
                close("after the operands of AssignFrameIdRange" + in);
                return new ScheduleCommand.AssignFrameIdRange(node, index, pids);
            }
            case "AssignFrameId":
            case "UnassignFrameId": {
                open("after " + word + in);
                String node = name("the node of " + word + in);
                punct(',', "after the node of " + word + in);
                String frame = name("the frame of " + word + in);
                close("after the frame of " + word + in);
                return word.equals("AssignFrameId") ? new ScheduleCommand.AssignFrameId(node, frame)
                        : new ScheduleCommand.UnassignFrameId(node, frame);
            }
            case "FreeFormat": {
                open("after FreeFormat" + in);
                int[] v = bytes(8, "FreeFormat" + in);
                close("after the data of FreeFormat" + in);
                return new ScheduleCommand.FreeFormat(box(v));
            }
            default:
                return new ScheduleCommand.SendFrame(word);
        }
    }

    private int[] bytes(int count, String what) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                punct(',', "between the " + count + " operands of " + what);
            }
            int at = pos;
            long value = integer("operand " + (i + 1) + " of " + count + " of " + what);
            if (value < 0 || value > 0xFF) {
                throw new LdfParseException(lx.file, lx.line[at], lx.column[at], "operand " + (i + 1) + " of " + what
                        + " must be 0..255, not " + value, null);
            }
            values[i] = (int) value;
        }
        return values;
    }

    private static List<Integer> box(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    // ---- Signal groups, encodings, representation --------------------------------------------------

    private void signalGroups() {
        open("after Signal_groups");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("a signal group name");
            punct(':', "after signal group " + name);
            int size = integerIn("the size of signal group " + name + " in bits", 1, 64);
            List<PlacedSignal> signals = placedSignals("signal group " + name, at);
            SignalGroup group = new SignalGroup(name, size, signals);
            parts.signalGroups.add(group);
            parts.locations.put(group, where(at));
        }
        pos++;
    }

    private void encodingTypes() {
        open("after Signal_encoding_types");
        while (!isPunct('}')) {
            int at = pos;
            String name = name("an encoding type name");
            open("after encoding type " + name);
            List<ValueConverter> converters = new ArrayList<>();
            while (!isPunct('}')) {
                converters.add(converter(name));
            }
            pos++;
            EncodingType type = new EncodingType(name, converters);
            parts.encodingTypes.add(type);
            parts.locations.put(type, where(at));
        }
        pos++;
    }

    private ValueConverter converter(String type) {
        String in = " in encoding type " + type;
        int at = pos;
        String kind = name("logical_value, physical_value, bcd_value or ascii_value" + in);
        ValueConverter converter;
        switch (kind) {
            case "logical_value": {
                punct(',', "after logical_value" + in);
                long value = integer("the raw value of a logical_value" + in);
                String text = comma() ? string("the text of logical value " + value + in) : null;
                converter = new ValueConverter.LogicalValue(value, text);
                break;
            }
            case "physical_value": {
                punct(',', "after physical_value" + in);
                long min = integer("the minimum raw value" + in);
                punct(',', "after the minimum raw value" + in);
                long max = integer("the maximum raw value" + in);
                punct(',', "after the maximum raw value" + in);
                double scale = number("the scale" + in);
                punct(',', "after the scale" + in);
                double offset = number("the offset" + in);
                String unit = comma() ? string("the unit" + in) : null;
                if (min > max) {
                    throw new LdfParseException(lx.file, lx.line[at], lx.column[at], "physical range " + min + ".." + max
                            + in + " has its minimum above its maximum", null);
                }
                converter = new ValueConverter.PhysicalRange(min, max, scale, offset, unit);
                break;
            }
            case "bcd_value":
                converter = new ValueConverter.BcdValue();
                break;
            case "ascii_value":
                converter = new ValueConverter.AsciiValue();
                break;
            default:
                pos = at;
                throw expected("logical_value, physical_value, bcd_value or ascii_value" + in);
        }
        semicolon("after " + kind + in);
        return converter;
    }

    private void representations() {
        open("after Signal_representation");
        while (!isPunct('}')) {
            int at = pos;
            String encoding = name("an encoding type name");
            punct(':', "after encoding type " + encoding);
            List<String> signals = nameList("a signal of encoding type " + encoding);
            semicolon("after the signals of encoding type " + encoding);
            SignalRepresentation representation = new SignalRepresentation(encoding, signals);
            parts.representations.add(representation);
            parts.locations.put(representation, where(at));
        }
        pos++;
    }

    // ---- Tokens ----------------------------------------------------------------------------------

    private int[] where(int token) {
        return new int[] {lx.line[token], lx.column[token]};
    }

    private void warn(int token, String message) {
        parts.warnings.add(new LdfWarning(lx.file, lx.line[token], lx.column[token], message));
    }

    private LdfParseException expected(String what) {
        return new LdfParseException(lx.file, lx.line[pos], lx.column[pos], what, lx.describe(pos));
    }

    private boolean isPunct(char c) {
        return lx.isPunct(pos, c);
    }

    private void punct(char c, String context) {
        if (!lx.isPunct(pos, c)) {
            throw expected("'" + c + "' " + context);
        }
        pos++;
    }

    private void semicolon(String context) {
        punct(';', context);
    }

    private void open(String context) {
        punct('{', context);
    }

    private void close(String context) {
        punct('}', context);
    }

    private boolean comma() {
        if (lx.isPunct(pos, ',')) {
            pos++;
            return true;
        }
        return false;
    }

    private void word(String word, String context) {
        if (!lx.isWord(pos, word)) {
            throw expected("\"" + word + "\" " + context);
        }
        pos++;
    }

    private String name(String what) {
        byte kind = lx.kind[pos];
        if (kind == LdfLexer.IDENT) {
            return lx.lexeme(pos++);
        }
        if ((kind == LdfLexer.INT || kind == LdfLexer.FLOAT) && lx.kind[pos + 1] == LdfLexer.IDENT && lx.glued[pos + 1]
                && Character.isDigit(lx.text.charAt(lx.start[pos]))) {
            String merged = lx.lexeme(pos) + lx.lexeme(pos + 1);
            if (lenient) {
                warn(pos, "name " + merged + " starts with a digit");
                pos += 2;
                return merged;
            }
            throw new LdfParseException(lx.file, lx.line[pos], lx.column[pos], what
                    + " (names start with a letter or '_')", "\"" + merged + "\"");
        }
        throw expected(what);
    }

    private List<String> nameList(String what) {
        List<String> names = new ArrayList<>();
        do {
            names.add(name(what));
        } while (comma());
        return names;
    }

    private String string(String what) {
        if (lx.kind[pos] != LdfLexer.STRING) {
            throw expected(what + " in double quotes");
        }
        String raw = lx.text.substring(lx.start[pos] + 1, lx.end[pos] - 1);
        pos++;
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                c = raw.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private long integer(String what) {
        if (lx.kind[pos] != LdfLexer.INT) {
            throw expected(what + " (an integer)");
        }
        int s = lx.start[pos];
        int e = lx.end[pos];
        String text = lx.text;
        boolean negative = false;
        if (text.charAt(s) == '-' || text.charAt(s) == '+') {
            negative = text.charAt(s) == '-';
            s++;
        }
        long value = 0;
        if (e - s > 2 && text.charAt(s) == '0' && (text.charAt(s + 1) == 'x' || text.charAt(s + 1) == 'X')) {
            int first = s + 2;
            while (first < e - 1 && text.charAt(first) == '0') {
                first++;
            }
            if (e - first > 16 || (e - first == 16 && Character.digit(text.charAt(first), 16) >= 8)) {
                throw tooBig(what);
            }
            for (int i = s + 2; i < e; i++) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
            }
        } else {
            if (e - s > 18) {
                throw tooBig(what);
            }
            for (int i = s; i < e; i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
        }
        pos++;
        return negative ? -value : value;
    }

    /** An integer that must lie in {@code min..max}; an error at the number's own position otherwise. */
    private int integerIn(String what, long min, long max) {
        int at = pos;
        long value = integer(what);
        if (value < min || value > max) {
            throw new LdfParseException(lx.file, lx.line[at], lx.column[at], what + " must be " + min + ".." + max
                    + ", not " + lx.lexeme(at), null);
        }
        return (int) value;
    }

    /** The size of a signal: 1..64 bits, checked where it is written. */
    private int signalWidth(String name) {
        int at = pos;
        long width = integer("the size of " + name + " in bits");
        if (width < 1 || width > 64) {
            throw new LdfParseException(lx.file, lx.line[at], lx.column[at], "signal " + name + " has size "
                    + lx.lexeme(at) + " bits; sizes are 1..16 bits for scalars and 8..64 for byte arrays", null);
        }
        return (int) width;
    }

    private LdfParseException tooBig(String what) {
        return new LdfParseException(lx.file, lx.line[pos], lx.column[pos], what + " that fits in 64 bits",
                lx.describe(pos));
    }

    private double number(String what) {
        byte kind = lx.kind[pos];
        if (kind == LdfLexer.INT) {
            String lexeme = lx.lexeme(pos);
            int digits = lexeme.startsWith("-") || lexeme.startsWith("+") ? 1 : 0;
            if (lexeme.length() > digits + 2 && (lexeme.charAt(digits + 1) == 'x' || lexeme.charAt(digits + 1) == 'X')) {
                return integer(what);
            }
        }
        if (kind != LdfLexer.INT && kind != LdfLexer.FLOAT) {
            throw expected(what + " (a number)");
        }
        double value = Double.parseDouble(lx.lexeme(pos));
        pos++;
        return value;
    }

    private Duration millis(String what) {
        int at = pos;
        double ms = number(what + " in ms");
        word("ms", "after " + what);
        if (ms < 0 || ms > 3.6e6) {
            throw new LdfParseException(lx.file, lx.line[at], lx.column[at], what + " must be 0..3600000 ms, not "
                    + LdfText.number(ms), null);
        }
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
