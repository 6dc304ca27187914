package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.ConfigurableFrame;
import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.lin.ldf.NodeAttributes;
import dev.benchhal.lin.ldf.PlacedSignal;
import dev.benchhal.lin.ldf.ProductId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A slave node of the simulated cluster: its signals, its node address and identity, the frame
 * ids it answers to, and its behaviour. The NAD and frame ids start as the LDF gives them (initial
 * NAD); node configuration changes them, {@code SaveConfiguration} keeps them over a power cycle,
 * anything unsaved is lost when the power goes. Thread-safe (the bus lock).
 */
public final class SimulatedSlave extends SimulatedNode {

    private final NodeAttributes attributes;
    private final long serialNumber;
    NodeBehaviour behaviour;
    int nad;
    private int savedNad;
    /** frame id to frame name for the frames this node publishes or subscribes to */
    Map<Integer, String> frameIds = new HashMap<>();
    private Map<Integer, String> savedFrameIds;
    /** the transport layer: requests put together, responses served on the 0x3D headers */
    final DiagnosticServer diagnostics;

    SimulatedSlave(LinMock bus, ClusterLayout layout, String name, NodeAttributes attributes, long serialNumber) {
        super(bus, layout, name);
        this.attributes = attributes;
        this.serialNumber = serialNumber;
        this.nad = attributes == null ? -1 : attributes.initialNad();
        this.savedNad = nad;
        for (LdfFrame frame : layout.ldf.frames()) {
            if (frame.publisher().equals(name) || subscribes(frame)) {
                frameIds.putIfAbsent(frame.id(), frame.name());
            }
        }
        this.savedFrameIds = new HashMap<>(frameIds);
        this.diagnostics = new DiagnosticServer(this);
    }

    private boolean subscribes(LdfFrame frame) {
        for (PlacedSignal p : frame.signals()) {
            if (layout.ldf.signal(p.signal()).map(s -> s.subscribers().contains(name())).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** @return the node attributes from the LDF, when it has them */
    public Optional<NodeAttributes> attributes() {
        return Optional.ofNullable(attributes);
    }

    /** @return the current NAD, -1 for a node without node attributes (it takes no node configuration) */
    public int nad() {
        bus.lock.lock();
        try {
            return nad;
        } finally {
            bus.lock.unlock();
        }
    }

    /**
     * @return the supply voltage of the bus's slaves, in volts, as sampled before the current frame
     *         from the bench supply the {@code supply=} option names; empty without one
     */
    public java.util.OptionalDouble supplyVoltage() {
        double volts = bus.supplyVolts();
        return Double.isNaN(volts) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(volts);
    }

    /** @return the product id from the LDF (supplier, function, variant), when it has one */
    public Optional<ProductId> productId() {
        return attributes == null ? Optional.empty() : Optional.ofNullable(attributes.productId());
    }

    /** @return the serial number ReadByIdentifier(1) reports */
    public long serialNumber() {
        return serialNumber;
    }

    /** @return the behaviour, when one is registered */
    public Optional<NodeBehaviour> behaviour() {
        bus.lock.lock();
        try {
            return Optional.ofNullable(behaviour);
        } finally {
            bus.lock.unlock();
        }
    }

    /**
     * @param type a behaviour class ({@code BootloaderNode.class})
     * @param <T>  the class
     * @return the node's behaviour of that class, also when it is one of several ({@code alm+bootloader})
     */
    public <T extends NodeBehaviour> Optional<T> behaviour(Class<T> type) {
        NodeBehaviour b = behaviour().orElse(null);
        if (b instanceof CombinedBehaviour) {
            for (NodeBehaviour part : ((CombinedBehaviour) b).parts) {
                if (type.isInstance(part)) {
                    return Optional.of(type.cast(part));
                }
            }
            return Optional.empty();
        }
        return type.isInstance(b) ? Optional.of(type.cast(b)) : Optional.empty();
    }

    /** @return {@code true} when the node can answer headers now: powered, booted, awake */
    public boolean isResponsive() {
        bus.lock.lock();
        try {
            return bus.responsive();
        } finally {
            bus.lock.unlock();
        }
    }

    /**
     * @param id a frame id
     * @return the frame this node currently maps the id to
     */
    public Optional<String> frameForId(int id) {
        bus.lock.lock();
        try {
            return Optional.ofNullable(frameIds.get(id));
        } finally {
            bus.lock.unlock();
        }
    }

    /** Caller holds the bus lock. */
    boolean publishes(String frame) {
        return layout.frame(frame).frame().publisher().equals(name());
    }

    /** Caller holds the bus lock: the configurable frame at an index (AssignFrameIdRange). */
    Optional<String> configurableFrame(int index) {
        if (attributes == null || index < 0 || index >= attributes.configurableFrames().size()) {
            return Optional.empty();
        }
        return Optional.of(attributes.configurableFrames().get(index).frame());
    }

    /** Caller holds the bus lock: the configurable frame with a LIN 2.0 message id. */
    Optional<String> frameWithMessageId(int messageId) {
        if (attributes == null) {
            return Optional.empty();
        }
        for (ConfigurableFrame f : attributes.configurableFrames()) {
            if (f.messageId() != null && f.messageId() == messageId) {
                return Optional.of(f.frame());
            }
        }
        return Optional.empty();
    }

    /** Caller holds the bus lock: gives a frame a new id, or none ({@code id < 0}). */
    void assignFrameId(String frame, int id) {
        frameIds.values().removeIf(frame::equals);
        if (id >= 0) {
            frameIds.put(id, frame);
        }
    }

    /** Caller holds the bus lock: SaveConfiguration. */
    void saveConfiguration() {
        savedNad = nad;
        savedFrameIds = new HashMap<>(frameIds);
    }

    /** Caller holds the bus lock: the supply went off; volatile state is lost. */
    void powerLost() {
        nad = savedNad;
        frameIds = new HashMap<>(savedFrameIds);
        diagnostics.reset();
        resetValues();
    }

    List<String> publishedFrames() {
        List<String> out = new ArrayList<>();
        for (LdfFrame frame : layout.ldf.frames()) {
            if (frame.publisher().equals(name())) {
                out.add(frame.name());
            }
        }
        return out;
    }
}
