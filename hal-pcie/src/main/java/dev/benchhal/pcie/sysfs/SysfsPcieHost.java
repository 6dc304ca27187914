package dev.benchhal.pcie.sysfs;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieMatch;
import dev.benchhal.pcie.PcieSlot;
import dev.benchhal.pcie.PcieTree;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link PcieHost} over a {@link SysfsSource}: this machine's sysfs, a directory tree, a host
 * behind a HostShell or the simulator; the same code reads and writes all of them. Every write
 * is built from a validated {@link PcieAddress} or a slot name that the host reported, and the
 * function is checked to be present first. Thread-safe: it holds no state between calls.
 */
public final class SysfsPcieHost implements PcieHost {

    private static final Logger LOG = LoggerFactory.getLogger(SysfsPcieHost.class);
    private static final Pattern SLOT_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Duration POLL = Duration.ofMillis(100);

    private final DeviceUri uri;
    private final SysfsSource source;
    private final DeviceParser parser;
    private final PciIds ids;
    private final BenchClock clock;
    private final AutoCloseable owned;
    private volatile boolean closed;

    /**
     * @param uri    the URI it was opened from
     * @param source where sysfs is read and written
     * @param ids    names for ids
     * @param clock  the bench clock (waits, snapshot time)
     * @param owned  closed with the host (a HostShell it opened), or {@code null}
     */
    public SysfsPcieHost(DeviceUri uri, SysfsSource source, PciIds ids, BenchClock clock, AutoCloseable owned) {
        this(uri, source, ids, false, clock, owned);
    }

    /**
     * @param uri    the URI it was opened from
     * @param source where sysfs is read and written
     * @param ids    names for ids
     * @param strict whether a device that cannot be read fails every read instead of being left out with a warning
     * @param clock  the bench clock (waits, snapshot time)
     * @param owned  closed with the host (a HostShell it opened), or {@code null}
     */
    public SysfsPcieHost(DeviceUri uri, SysfsSource source, PciIds ids, boolean strict, BenchClock clock, AutoCloseable owned) {
        this.uri = uri;
        this.source = source;
        this.ids = ids;
        this.parser = new DeviceParser(ids, strict);
        this.clock = clock;
        this.owned = owned;
    }

    @Override
    public DeviceUri uri() {
        return uri;
    }

    @Override
    public BenchClock clock() {
        return clock;
    }

    /** What the host was made with and closes with it (the {@code SimulatedPciTree} behind {@code pcie:sim}), or the driver itself. */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (owned != null && type.isInstance(owned)) {
            return Optional.of(type.cast(owned));
        }
        return PcieHost.super.unwrap(type);
    }

    @Override
    public List<PcieDevice> devices() {
        return parser.devices(read(HostProbe.Request.sysfsOnly()).sysfs());
    }

    /**
     * Reads the function alone, and for an endpoint its parent (the other end of its link): a poll of one radio reads
     * two directories, not the tree. A bridge is read with the whole tree, since the other end of a port's link is
     * the first function below it.
     */
    @Override
    public Optional<PcieDevice> device(PcieAddress address) {
        checkOpen();
        SysfsImage one = source.probeFunctions(Set.of(address));
        Optional<DeviceFiles> files = one.devices().stream().findFirst();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        if (files.get().attributes().getOrDefault("class", "").startsWith(BRIDGE_CLASS)) {
            return devices().stream().filter(d -> d.address().equals(address)).findFirst();
        }
        SysfsImage image = one;
        Optional<PcieAddress> parent = DeviceParser.parent(files.get());
        if (parent.isPresent()) {
            List<DeviceFiles> both = new ArrayList<>(one.devices());
            both.addAll(source.probeFunctions(Set.of(parent.get())).devices());
            image = new SysfsImage(one.source(), both, one.slots(), one.unreadable());
        }
        return parser.devices(image).stream().filter(d -> d.address().equals(address)).findFirst();
    }

    private static final String BRIDGE_CLASS = String.format("0x%04x", PcieDevice.PCI_BRIDGE_CLASS);

    private Optional<PcieDevice> find(PcieMatch match) {
        return match instanceof PcieMatch.AtAddress at ? device(at.address()) : devices().stream().filter(match::matches).findFirst();
    }

    @Override
    public PcieTree tree() {
        return Topology.tree(devices());
    }

    /**
     * @param names {@code true} for {@code lspci -tv} (names after each device), {@code false} for {@code lspci -t}
     * @return the topology drawn as lspci draws it
     */
    public List<String> treeText(boolean names) {
        SysfsImage image = read(HostProbe.Request.sysfsOnly()).sysfs();
        List<PcieDevice> devices = parser.devices(image);
        return LspciTree.render(devices, Topology.bridges(image, devices),
                names ? d -> ids.describe(d.vendorId(), d.deviceId()) : d -> "");
    }

    @Override
    public void remove(PcieAddress address) {
        requirePresent(address, "remove");
        source.write("devices/" + address + "/remove", "1");
        LOG.info("{}: removed {}", uri, address);
    }

    @Override
    public void rescan() {
        checkOpen();
        source.write("rescan", "1");
        LOG.info("{}: rescanned every bus", uri);
    }

    @Override
    public void rescan(PcieAddress bridge) {
        PcieDevice d = requirePresent(bridge, "rescan");
        if (!d.isBridge()) {
            throw new ConfigException(uri.toString(), "rescan " + bridge + ": not a PCI bridge (class "
                    + String.format("%06x", d.classCode()) + "); rescan() rescans every bus");
        }
        source.write("devices/" + bridge + "/rescan", "1");
        LOG.info("{}: rescanned the bus behind {}", uri, bridge);
    }

    @Override
    public void setSlotPower(String slot, boolean on) {
        checkOpen();
        if (!SLOT_NAME.matcher(slot).matches()) {
            throw new ConfigException(uri.toString(), "\"" + slot + "\" is not a slot name");
        }
        var slots = read(HostProbe.Request.sysfsOnly()).sysfs().slots();
        if (!slots.containsKey(slot)) {
            throw new NotFoundException(uri.toString(), "no PCI slot \"" + slot + "\"; slots: " + new java.util.TreeSet<>(slots.keySet()));
        }
        if (on && slots.get(slot).adapter().map(String::strip).filter("0"::equals).isPresent()) {
            throw new NotFoundException(uri.toString(), "slot " + slot + " (" + slots.get(slot).address()
                    + ") has no card in it: nothing to power on");
        }
        source.write("slots/" + slot + "/power", on ? "1" : "0");
        LOG.info("{}: slot {} power {}", uri, slot, on ? "on" : "off");
    }

    @Override
    public List<PcieSlot> slots() {
        SysfsImage image = read(HostProbe.Request.sysfsOnly()).sysfs();
        return DeviceParser.slots(image, parser.devices(image));
    }

    @Override
    public void reset(PcieAddress address) {
        requirePresent(address, "reset");
        source.write("devices/" + address + "/reset", "1");
        LOG.info("{}: reset {}", uri, address);
    }

    @Override
    public PcieDevice awaitDevice(PcieMatch match, Duration timeout) {
        long deadline = clock.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<PcieDevice> found = find(match);
            if (found.isPresent()) {
                return found.get();
            }
            if (clock.nanoTime() >= deadline) {
                throw new HalTimeoutException(uri.toString(), "no device " + match + " within " + Durations.format(timeout)
                        + " (" + devices().size() + " devices present)");
            }
            clock.sleep(POLL);
        }
    }

    @Override
    public void awaitGone(PcieMatch match, Duration timeout) {
        long deadline = clock.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<PcieDevice> still = find(match);
            if (still.isEmpty()) {
                return;
            }
            if (clock.nanoTime() >= deadline) {
                throw new HalTimeoutException(uri.toString(), "device " + match + " still present after "
                        + Durations.format(timeout) + ": " + still.get());
            }
            clock.sleep(POLL);
        }
    }

    @Override
    public HostSnapshot snapshot(SnapshotOptions options) {
        boolean probe = options.hostProbe();
        HostProbe p = read(new HostProbe.Request(true, probe && options.lspciLines() > 0, probe && options.baseboard()));
        List<PcieDevice> devices = probe ? parser.devices(p.sysfs()) : List.of();
        List<String> tree = List.of();
        if (probe && options.lspciLines() > 0) {
            // the seed prints lspci's own tree; where lspci is not installed the same drawing is made here
            tree = p.lspciTree().orElseGet(() -> LspciTree.render(devices, Topology.bridges(p.sysfs(), devices),
                    d -> ids.describe(d.vendorId(), d.deviceId())));
        }
        return new HostSnapshot(options.label(), clock.now(), p.cpuinfo().flatMap(CpuInfo::parse), devices, tree,
                probe && options.baseboard() ? p.baseboard() : Optional.empty());
    }

    private HostProbe read(HostProbe.Request request) {
        checkOpen();
        return source.probe(request);
    }

    private PcieDevice requirePresent(PcieAddress address, String operation) {
        return device(address).orElseThrow(() -> new NotFoundException(uri.toString(), operation + " " + address
                + ": no such PCI function on " + source.describe()));
    }

    private void checkOpen() {
        if (closed) {
            throw new DisconnectedException(uri.toString(), "closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        source.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("{}: closing {}: {}", uri, owned, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "SysfsPcieHost[" + uri + " on " + source.describe() + "]";
    }
}
