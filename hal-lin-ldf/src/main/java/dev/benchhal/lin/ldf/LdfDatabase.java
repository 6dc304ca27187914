package dev.benchhal.lin.ldf;

import dev.benchhal.error.NotFoundException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A parsed LIN description file: an immutable model with lookups by name and id.
 * <pre>{@code
 * LdfDatabase ldf = LdfDatabase.load(Path.of("alm.ldf"));
 * LdfFrame status = ldf.requireFrame("ALM_Status");
 * Map<String, Object> values = ldf.codec("ALM_Status").decode(bytes);
 * }</pre>
 * <p>Lists keep file order. Two databases are equal when their content is equal; where the
 * text came from, comments and warnings do not count. Instances are thread-safe.
 */
public final class LdfDatabase {

    private final String source;
    private final LdfHeader header;
    private final LdfMaster master;
    private final List<String> slaves;
    private final List<NodeAttributes> nodeAttributes;
    private final List<NodeComposition> compositions;
    private final List<LdfSignal> signals;
    private final List<LdfSignal> diagnosticSignals;
    private final List<LdfFrame> frames;
    private final List<SporadicFrame> sporadicFrames;
    private final List<EventTriggeredFrame> eventTriggeredFrames;
    private final List<DiagnosticFrame> diagnosticFrames;
    private final List<Integer> dynamicFrameIds;
    private final Map<String, Integer> diagnosticAddresses;
    private final List<ScheduleTable> scheduleTables;
    private final List<SignalGroup> signalGroups;
    private final List<EncodingType> encodingTypes;
    private final List<SignalRepresentation> representations;
    private final List<String> comments;
    private final List<LdfWarning> warnings;

    private final Map<String, LdfSignal> signalByName;
    private final Map<String, LdfFrame> frameByName;
    private final Map<Integer, LdfFrame> frameById;
    private final Map<String, NodeAttributes> nodeByName;
    private final Map<String, EncodingType> encodingByName;
    private final Map<String, EncodingType> encodingBySignal;
    private final Map<String, ScheduleTable> scheduleByName;
    private final Map<String, List<String>> framesBySignal;
    private final Map<String, FrameCodec> codecs = new ConcurrentHashMap<>();

    LdfDatabase(Parts parts) {
        this.source = parts.source;
        this.header = Objects.requireNonNull(parts.header, "header");
        this.master = parts.master;
        this.slaves = List.copyOf(parts.slaves);
        this.nodeAttributes = List.copyOf(parts.nodeAttributes);
        this.compositions = List.copyOf(parts.compositions);
        this.signals = List.copyOf(parts.signals);
        this.diagnosticSignals = List.copyOf(parts.diagnosticSignals);
        this.frames = List.copyOf(parts.frames);
        this.sporadicFrames = List.copyOf(parts.sporadicFrames);
        this.eventTriggeredFrames = List.copyOf(parts.eventTriggeredFrames);
        this.diagnosticFrames = List.copyOf(parts.diagnosticFrames);
        this.dynamicFrameIds = List.copyOf(parts.dynamicFrameIds);
        this.diagnosticAddresses = Collections.unmodifiableMap(new LinkedHashMap<>(parts.diagnosticAddresses));
        this.scheduleTables = List.copyOf(parts.scheduleTables);
        this.signalGroups = List.copyOf(parts.signalGroups);
        this.encodingTypes = List.copyOf(parts.encodingTypes);
        this.representations = List.copyOf(parts.representations);
        this.comments = List.copyOf(parts.comments);
        this.warnings = List.copyOf(parts.warnings);

        this.signalByName = index(signals, LdfSignal::name);
        for (LdfSignal diagnostic : diagnosticSignals) {
            signalByName.putIfAbsent(diagnostic.name(), diagnostic);
        }
        this.frameByName = index(frames, LdfFrame::name);
        this.frameById = new HashMap<>();
        for (LdfFrame frame : frames) {
            frameById.putIfAbsent(frame.id(), frame);
        }
        this.nodeByName = index(nodeAttributes, NodeAttributes::name);
        this.encodingByName = index(encodingTypes, EncodingType::name);
        this.encodingBySignal = new HashMap<>();
        for (SignalRepresentation representation : representations) {
            EncodingType type = encodingByName.get(representation.encoding());
            if (type != null) {
                for (String signal : representation.signals()) {
                    encodingBySignal.put(signal, type);
                }
            }
        }
        this.scheduleByName = index(scheduleTables, ScheduleTable::name);
        this.framesBySignal = new HashMap<>();
        for (LdfFrame frame : frames) {
            for (PlacedSignal placed : frame.signals()) {
                framesBySignal.computeIfAbsent(placed.signal(), k -> new ArrayList<>(1)).add(frame.name());
            }
        }
    }

    /**
     * Parses a file strictly (see {@link LdfParser#strict()}).
     *
     * @param file an LDF file in UTF-8 (with or without BOM) or Latin-1
     * @return the model
     * @throws LdfParseException when the file is not a valid LDF
     * @throws dev.benchhal.error.NotFoundException when the file cannot be read
     */
    public static LdfDatabase load(Path file) {
        return LdfParser.strict().parse(file);
    }

    /**
     * Parses LDF text strictly.
     *
     * @param text   the LDF text
     * @param source a name for messages (a file name)
     * @return the model
     * @throws LdfParseException when the text is not a valid LDF
     */
    public static LdfDatabase parse(String text, String source) {
        return LdfParser.strict().parse(text, source);
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> name) {
        Map<String, T> map = new HashMap<>(items.size() * 2);
        for (T item : items) {
            map.putIfAbsent(name.apply(item), item);
        }
        return map;
    }

    /** @return where the text came from (a file name), for messages */
    public String source() {
        return source;
    }

    /** @return protocol, language, speed, channel, file revision and byte order */
    public LdfHeader header() {
        return header;
    }

    /** @return the master node, {@code null} only in leniently parsed files without one */
    public LdfMaster master() {
        return master;
    }

    /** @return the slave nodes as the {@code Slaves:} line lists them */
    public List<String> slaves() {
        return slaves;
    }

    /**
     * @return node attributes in file order; for LIN 1.3 files one entry per diagnostic address
     *         ({@link NodeAttributes#declared()} {@code false})
     */
    public List<NodeAttributes> nodeAttributes() {
        return nodeAttributes;
    }

    /**
     * @param node a slave name
     * @return its attributes
     */
    public Optional<NodeAttributes> nodeAttributes(String node) {
        return Optional.ofNullable(nodeByName.get(node));
    }

    /** @return the {@code composite} section, empty when absent */
    public List<NodeComposition> compositions() {
        return compositions;
    }

    /** @return signals in file order (a signal defined twice appears once, as defined last) */
    public List<LdfSignal> signals() {
        return signals;
    }

    /**
     * @param name a signal name (also diagnostic signals)
     * @return the signal
     */
    public Optional<LdfSignal> signal(String name) {
        return Optional.ofNullable(signalByName.get(name));
    }

    /**
     * @param name a signal name
     * @return the signal
     * @throws NotFoundException naming the signal and the file
     */
    public LdfSignal requireSignal(String name) {
        LdfSignal signal = signalByName.get(name);
        if (signal == null) {
            throw new NotFoundException(source, "no signal named \"" + name + "\" (" + signals.size() + " signals)");
        }
        return signal;
    }

    /** @return diagnostic signals ({@code MasterReqB0} ...) in file order */
    public List<LdfSignal> diagnosticSignals() {
        return diagnosticSignals;
    }

    /** @return unconditional frames in file order */
    public List<LdfFrame> frames() {
        return frames;
    }

    /**
     * @param name a frame name
     * @return the unconditional frame
     */
    public Optional<LdfFrame> frame(String name) {
        return Optional.ofNullable(frameByName.get(name));
    }

    /**
     * @param id a frame id
     * @return the unconditional frame with that id (the first one in file order)
     */
    public Optional<LdfFrame> frameById(int id) {
        return Optional.ofNullable(frameById.get(id));
    }

    /**
     * @param name a frame name
     * @return the unconditional frame
     * @throws NotFoundException naming the frame, the file and the frames it has
     */
    public LdfFrame requireFrame(String name) {
        LdfFrame frame = frameByName.get(name);
        if (frame == null) {
            List<String> names = new ArrayList<>(frameByName.keySet());
            Collections.sort(names);
            throw new NotFoundException(source, "no frame named \"" + name + "\"; frames: " + String.join(", ", names));
        }
        return frame;
    }

    /**
     * @param signal a signal name
     * @return the unconditional frames that carry it, in file order
     */
    public List<String> framesOf(String signal) {
        List<String> names = framesBySignal.get(signal);
        return names == null ? List.of() : Collections.unmodifiableList(names);
    }

    /** @return sporadic frames in file order */
    public List<SporadicFrame> sporadicFrames() {
        return sporadicFrames;
    }

    /** @return event-triggered frames in file order */
    public List<EventTriggeredFrame> eventTriggeredFrames() {
        return eventTriggeredFrames;
    }

    /** @return diagnostic frames ({@code MasterReq}, {@code SlaveResp}) in file order */
    public List<DiagnosticFrame> diagnosticFrames() {
        return diagnosticFrames;
    }

    /** @return the ids of the {@code Dynamic_frames} section (LIN 2.0), empty when absent */
    public List<Integer> dynamicFrameIds() {
        return dynamicFrameIds;
    }

    /** @return LIN 1.3 {@code Diagnostic_addresses}: node to NAD, in file order; empty when absent */
    public Map<String, Integer> diagnosticAddresses() {
        return diagnosticAddresses;
    }

    /** @return schedule tables in file order */
    public List<ScheduleTable> scheduleTables() {
        return scheduleTables;
    }

    /**
     * @param name a schedule table name
     * @return the table
     */
    public Optional<ScheduleTable> scheduleTable(String name) {
        return Optional.ofNullable(scheduleByName.get(name));
    }

    /** @return signal groups in file order */
    public List<SignalGroup> signalGroups() {
        return signalGroups;
    }

    /** @return signal encoding types in file order */
    public List<EncodingType> encodingTypes() {
        return encodingTypes;
    }

    /**
     * @param name an encoding type name
     * @return the encoding type
     */
    public Optional<EncodingType> encodingType(String name) {
        return Optional.ofNullable(encodingByName.get(name));
    }

    /**
     * @param signal a signal name
     * @return the encoding type the {@code Signal_representation} section gives the signal
     */
    public Optional<EncodingType> encodingOf(String signal) {
        return Optional.ofNullable(encodingBySignal.get(signal));
    }

    /** @return the {@code Signal_representation} section in file order */
    public List<SignalRepresentation> representations() {
        return representations;
    }

    /** @return the text of the file's comments in file order (not part of equality) */
    public List<String> comments() {
        return comments;
    }

    /** @return what a lenient parse accepted against the specification (not part of equality) */
    public List<LdfWarning> warnings() {
        return warnings;
    }

    /**
     * The codec of an unconditional frame, built once and cached.
     *
     * @param frame a frame name
     * @return its codec
     * @throws NotFoundException when the frame does not exist
     */
    public FrameCodec codec(String frame) {
        FrameCodec codec = codecs.get(frame);
        if (codec == null) {
            codec = codecs.computeIfAbsent(frame, name -> new FrameCodec(this, requireFrame(name), UnusedBits.ZEROS));
        }
        return codec;
    }

    private List<Object> content() {
        return List.of(header, Optional.ofNullable(master), slaves, nodeAttributes, compositions, signals,
                diagnosticSignals, frames, sporadicFrames, eventTriggeredFrames, diagnosticFrames, dynamicFrameIds,
                diagnosticAddresses, scheduleTables, signalGroups, encodingTypes, representations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LdfDatabase && content().equals(((LdfDatabase) o).content());
    }

    @Override
    public int hashCode() {
        return content().hashCode();
    }

    @Override
    public String toString() {
        return "LdfDatabase[" + source + ": LIN " + header.protocolVersion() + ", " + signals.size() + " signals, "
                + frames.size() + " frames, " + scheduleTables.size() + " schedule tables]";
    }

    /** The mutable parts the parser collects. */
    static final class Parts {
        String source;
        LdfHeader header;
        LdfMaster master;
        List<String> slaves = new ArrayList<>();
        List<NodeAttributes> nodeAttributes = new ArrayList<>();
        List<NodeComposition> compositions = new ArrayList<>();
        List<LdfSignal> signals = new ArrayList<>();
        List<LdfSignal> diagnosticSignals = new ArrayList<>();
        List<LdfFrame> frames = new ArrayList<>();
        List<SporadicFrame> sporadicFrames = new ArrayList<>();
        List<EventTriggeredFrame> eventTriggeredFrames = new ArrayList<>();
        List<DiagnosticFrame> diagnosticFrames = new ArrayList<>();
        List<Integer> dynamicFrameIds = new ArrayList<>();
        Map<String, Integer> diagnosticAddresses = new LinkedHashMap<>();
        List<ScheduleTable> scheduleTables = new ArrayList<>();
        List<SignalGroup> signalGroups = new ArrayList<>();
        List<EncodingType> encodingTypes = new ArrayList<>();
        List<SignalRepresentation> representations = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        List<LdfWarning> warnings = new ArrayList<>();
        /** where each model object starts in the text: {line, column}, for semantic errors */
        final java.util.IdentityHashMap<Object, int[]> locations = new java.util.IdentityHashMap<>();
    }
}
