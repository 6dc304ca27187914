package dev.benchhal.tck.fakes;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.CpuSummary;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieLink;
import dev.benchhal.pcie.PcieMatch;
import dev.benchhal.pcie.PcieTree;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.core.time.Await;
import dev.benchhal.time.BenchClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** A root port with a wireless card behind it and a host bridge; remove and rescan, no timing. */
public final class FakePcieHost implements PcieHost {

    private final TreeMap<PcieAddress, PcieDevice> all = new TreeMap<>();
    private final TreeMap<PcieAddress, PcieDevice> present = new TreeMap<>();
    private volatile boolean closed;

    /** A host bridge, a root port and a Wi-Fi card behind it. */
    public FakePcieHost() {
        add("0000:00:00.0", 0x8086, 0x1237, 0x060000, null, null);
        add("0000:00:01.0", 0x8086, 0x7191, 0x060400, null, new PcieLink(8, 4, 8, 4));
        add("0000:01:00.0", 0x14c3, 0x7961, 0x028000, "0000:00:01.0", new PcieLink(5, 1, 8, 1));
        present.putAll(all);
    }

    private void add(String addr, int vendor, int dev, int cls, String parent, PcieLink link) {
        PcieAddress a = PcieAddress.parse(addr);
        all.put(a, new PcieDevice(a, vendor, dev, 0, 0, cls, 1, Optional.empty(), -1, OptionalInt.empty(),
                Optional.ofNullable(parent).map(PcieAddress::parse), Optional.empty(), Optional.ofNullable(link),
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private void open() {
        if (closed) {
            throw new DisconnectedException("fake-pcie:", "closed");
        }
    }

    @Override
    public DeviceUri uri() {
        return DeviceUri.parse("fake-pcie:");
    }

    @Override
    public synchronized List<PcieDevice> devices() {
        open();
        return List.copyOf(present.values());
    }

    @Override
    public synchronized Optional<PcieDevice> device(PcieAddress address) {
        open();
        return Optional.ofNullable(present.get(address));
    }

    @Override
    public synchronized PcieTree tree() {
        List<PcieTree.Node> roots = new ArrayList<>();
        for (PcieDevice d : present.values()) {
            if (d.parent().isEmpty()) {
                roots.add(node(d));
            }
        }
        return new PcieTree(roots);
    }

    private PcieTree.Node node(PcieDevice d) {
        List<PcieTree.Node> children = new ArrayList<>();
        for (PcieDevice c : present.values()) {
            if (c.parent().equals(Optional.of(d.address()))) {
                children.add(node(c));
            }
        }
        return new PcieTree.Node(d, children);
    }

    @Override
    public synchronized void remove(PcieAddress address) {
        open();
        if (present.remove(address) == null) {
            throw new NotFoundException("fake-pcie:", "no device " + address + " to remove");
        }
        present.values().removeIf(d -> d.parent().equals(Optional.of(address)));
    }

    @Override
    public synchronized void rescan() {
        open();
        present.putAll(all);
    }

    @Override
    public void rescan(PcieAddress bridge) {
        rescan();
    }

    @Override
    public void setSlotPower(String slot, boolean on) {
        throw new NotFoundException("fake-pcie:", "no slot " + slot);
    }

    @Override
    public List<dev.benchhal.pcie.PcieSlot> slots() {
        return List.of();
    }

    @Override
    public void reset(PcieAddress address) {
        if (device(address).isEmpty()) {
            throw new NotFoundException("fake-pcie:", "no device " + address);
        }
    }

    @Override
    public PcieDevice awaitDevice(PcieMatch match, Duration timeout) {
        return Await.until(BenchClock.system(), match + " to appear",
                () -> devices().stream().filter(match::matches).findFirst(), Optional::isPresent, timeout, Duration.ofMillis(10))
                .orElseThrow();
    }

    @Override
    public void awaitGone(PcieMatch match, Duration timeout) {
        Await.until(BenchClock.system(), match + " to vanish",
                () -> devices().stream().noneMatch(match::matches), timeout, Duration.ofMillis(10));
    }

    @Override
    public HostSnapshot snapshot(SnapshotOptions options) {
        CpuSummary cpu = new CpuSummary("Fake CPU", 1, 2, 4, "x86_64");
        return new HostSnapshot(options.label(), Instant.now(), Optional.of(cpu),
                options.hostProbe() ? devices() : List.of(), List.of(), Optional.empty());
    }

    @Override
    public void close() {
        closed = true;
    }
}
