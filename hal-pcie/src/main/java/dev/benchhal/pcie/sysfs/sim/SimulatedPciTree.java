package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.sysfs.DeviceFiles;
import dev.benchhal.pcie.sysfs.HostProbe;
import dev.benchhal.pcie.sysfs.PciIds;
import dev.benchhal.pcie.sysfs.SysfsPcieHost;
import dev.benchhal.pcie.sysfs.SysfsImage;
import dev.benchhal.pcie.sysfs.SlotFiles;
import dev.benchhal.pcie.sysfs.SysfsSource;
import dev.benchhal.time.BenchClock;
import dev.benchhal.usb.UsbHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A simulated PCI hierarchy, as a sysfs-shaped directory tree ({@code bus/pci/devices/ADDR} symlinks into
 * {@code devices/pci0000:00/...}, {@code slots}, {@code drivers}, {@code kernel/iommu_groups}) for readers of the
 * directory ({@code pcie:sysfs:}, {@code lspci -A linux-sysfs}: the directory is written from the first
 * {@link #root()} on, or from the start with a {@code dir}), and as a {@link SysfsSource} whose reads the model answers
 * with exactly what the directory holds, parsed by the driver's own code. Writes to the control files (remove,
 * rescan, reset, slot power) and power events of bound USB hub ports change the tree:
 * <ul>
 *   <li>power off (slot or hub port): the link drops and the function vanishes, as a surprise removal</li>
 *   <li>power on: the link trains for the training delay (bench time); a function in a hot-plug
 *       slot then appears by itself, others on the next rescan</li>
 *   <li>remove: the function and everything below it vanish until a rescan (or a power cycle of a hot-plug slot)</li>
 * </ul>
 * Thread-safe.
 */
public final class SimulatedPciTree implements AutoCloseable {

    /** The file that marks a directory as a simulated tree, so {@code dir=} may reuse it. */
    static final String MARKER = ".benchhal-pcie-sim";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPciTree.class);
    private static final long NEVER = Long.MAX_VALUE;

    private final Map<PcieAddress, SimFunction> functions = new LinkedHashMap<>();
    private final Map<PcieAddress, State> states = new HashMap<>();
    private final Map<String, String> slotAddresses = new LinkedHashMap<>();
    private final Map<String, Boolean> slotPower = new HashMap<>();
    /** Functions on the bus now (an entry in bus/pci/devices). */
    private final Set<PcieAddress> materialized = new HashSet<>();
    /** Whether each slot holds a card, known once. */
    private final Map<String, Boolean> cards = new java.util.concurrent.ConcurrentHashMap<>();
    /** What a read of each function's directory finds, made once (a function's files do not change). */
    private final Map<PcieAddress, DeviceFiles> files = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The hot-plug state as of the last change, for reads without the lock: a poll of one radio by each of 64
     * paths at the same instant must not queue on the tree's monitor. Published at the end of every change.
     */
    private volatile View view = new View(new Seen[0], Map.of());
    /** The functions in a fixed order, their positions, and each one's parent's position (-1 for none). */
    private final List<SimFunction> order = new ArrayList<>();
    private final Map<PcieAddress, Integer> position = new HashMap<>();
    private int[] parentPosition = new int[0];
    /** Whether a slot was added or switched since the last {@link #publish()}. */
    private boolean slotsChanged = true;
    /** Functions with an entry in the directory's bus/pci/devices. */
    private final Set<PcieAddress> linked = new HashSet<>();
    /** Whether the directory is kept in step (someone reads it): the driver itself reads the model. */
    private volatile boolean mirrored;
    /** Functions whose files were written once (they stay, hidden, while the function is off the bus). */
    private final Set<PcieAddress> written = new HashSet<>();
    private final Map<PcieAddress, String> slotOfFunction = new HashMap<>();
    private final Map<String, Boolean> slotPowerWritten = new HashMap<>();
    private final BenchClock clock;
    private final Duration training;
    private final Path root;
    private final boolean ownsRoot;
    private final List<UsbHub.Subscription> subscriptions = new ArrayList<>();
    /** Renders the model as sysfs files; this class keeps the hot-plug state. */
    private final SimSysfsWriter writer;

    /** What a function's visibility depends on, frozen: visible at a time when powered, trained and present. */
    private record Seen(boolean powered, long linkUpAt, boolean present) {
    }

    /** The state readers see: each function's {@link Seen} (in {@link #order}, never changed once made) and each slot's files. */
    private static final class View {
        private final Seen[] functions;
        private final Map<String, SlotFiles> slots;

        View(Seen[] functions, Map<String, SlotFiles> slots) {
            this.functions = functions;
            this.slots = slots;
        }

        Seen function(int position) {
            return functions[position];
        }

        Map<String, SlotFiles> slots() {
            return slots;
        }
    }

    private static final class State {
        boolean enumerated = true;
        boolean userRemoved;
        boolean hubPower = true;
        long linkUpAt;
        int resets;
    }

    /**
     * @param functions the hierarchy ({@link SimLayout#concentrator})
     * @param clock     bench clock for link training
     * @param training  how long a link trains after power-up
     * @param dir       where to keep the tree, or {@code null} for a temporary directory removed at close
     */
    public SimulatedPciTree(List<SimFunction> functions, BenchClock clock, Duration training, Path dir) {
        this.clock = clock;
        this.training = training;
        for (SimFunction f : functions) {
            if (f.isBridge() && f.buses().isEmpty()) {
                throw new IllegalArgumentException(f.address() + ": a bridge needs its bus range");
            }
            if (this.functions.put(f.address(), f) != null) {
                throw new IllegalArgumentException("two functions at " + f.address());
            }
            states.put(f.address(), new State());
            f.slot().ifPresent(s -> {
                slotAddresses.put(s, slotKey(f));
                slotPower.put(s, true);
            });
        }
        Map<String, String> slotByAddress = new HashMap<>();
        slotAddresses.forEach((slot, address) -> slotByAddress.put(address, slot));
        for (SimFunction f : functions) {
            String slot = slotByAddress.get(slotKey(f));
            if (slot != null) {
                slotOfFunction.put(f.address(), slot);
            }
            f.parent().filter(p -> !this.functions.containsKey(p)).ifPresent(p -> {
                throw new IllegalArgumentException(f.address() + ": parent " + p + " is not in the tree");
            });
        }
        order.addAll(this.functions.values());
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i).address(), i);
        }
        parentPosition = new int[order.size()];
        for (int i = 0; i < order.size(); i++) {
            parentPosition[i] = order.get(i).parent().map(position::get).orElse(-1);
        }
        try {
            this.ownsRoot = dir == null;
            this.mirrored = dir != null;
            this.root = dir == null ? Files.createTempDirectory("benchhal-pcie-sim") : Files.createDirectories(dir);
            Files.writeString(root.resolve(MARKER), "a simulated PCIe tree of Bench HAL (pcie:sim)\n");
            Files.createDirectories(root.resolve("bus/pci/devices"));
            Files.createDirectories(root.resolve("bus/pci/slots"));
            Files.writeString(root.resolve("bus/pci/rescan"), "");
            Files.createDirectories(root.resolve("proc"));
            Files.writeString(root.resolve("proc/cpuinfo"), SimSysfsWriter.CPUINFO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = new SimSysfsWriter(root, this.functions);
        sync();
    }

    /**
     * Adds a hot-plug slot without a card: listed with {@code adapter} 0 and power off; powering it on
     * fails as it does with pciehp (no such device).
     *
     * @param name    the slot name
     * @param address domain, bus and device ({@code 0000:05:00})
     */
    public synchronized void emptySlot(String name, String address) {
        if (slotAddresses.containsKey(name)) {
            throw new IllegalArgumentException("slot " + name + " exists");
        }
        slotAddresses.put(name, address);
        slotPower.put(name, false);
        slotsChanged = true;
        sync();
    }

    private boolean hasCard(String slot) {
        // the functions never change: whether a slot holds one is known once
        return cards.computeIfAbsent(slot, s -> functions.values().stream().anyMatch(f -> inSlot(f, s)));
    }

    /**
     * @param uri the URI to report
     * @param ids names
     * @return a driver over this tree; closing it closes the tree
     */
    public SysfsPcieHost host(DeviceUri uri, PciIds ids) {
        return new SysfsPcieHost(uri, source(), ids, clock, this);
    }

    /**
     * @return the source the driver reads and writes through: the simulator behind the control files, and reads
     *         answered from the model as the directory shows it (the files stay in step for readers of the
     *         directory, such as {@code pcie:sysfs:} and {@code lspci})
     */
    public SysfsSource source() {
        return new SysfsSource() {
            @Override
            public HostProbe probe(HostProbe.Request request) {
                return new HostProbe(image(null), request.cpuinfo() ? Optional.of(SimSysfsWriter.CPUINFO) : Optional.empty(),
                        Optional.empty(), Optional.empty());
            }

            @Override
            public SysfsImage probeFunctions(java.util.Set<PcieAddress> addresses) {
                return image(addresses);
            }

            @Override
            public void write(String relativePath, String value) {
                control(relativePath, value);
            }

            @Override
            public String describe() {
                return "sim:" + root.resolve("bus/pci/devices");
            }
        };
    }

    /**
     * What a read of the directory finds now: the functions on the bus (all, or those asked for) and the slots. Reads
     * the published {@link View} without the lock (a directory someone reads is brought in step first, under it).
     */
    private SysfsImage image(java.util.Set<PcieAddress> only) {
        if (mirrored) {
            synchronized (this) {
                sync();
            }
        }
        View v = view;
        long now = clock.nanoTime();
        List<DeviceFiles> devices = new ArrayList<>();
        for (PcieAddress a : only == null ? functions.keySet() : only) {
            Integer at = position.get(a);
            if (at != null && visible(v, at, now)) {
                devices.add(files.computeIfAbsent(a, x -> writer.files(functions.get(x))));
            }
        }
        return new SysfsImage(root.resolve("bus/pci/devices").toString(), devices, v.slots(), List.of());
    }

    private boolean visible(View v, int at, long now) {
        for (int i = at; i >= 0; i = parentPosition[i]) {
            Seen seen = v.function(i);
            if (!seen.powered() || now < seen.linkUpAt() || !seen.present()) {
                return false;
            }
        }
        return true;
    }

    /** Freezes the state for readers (holding the lock, at the end of every change). */
    private void publish() {
        Seen[] seen = new Seen[order.size()];
        for (int i = 0; i < seen.length; i++) {
            SimFunction f = order.get(i);
            State st = states.get(f.address());
            seen[i] = new Seen(powered(f), st.linkUpAt, slotOf(f).isPresent() ? !st.userRemoved : st.enumerated);
        }
        Map<String, SlotFiles> slots = view.slots();
        if (slotsChanged) {
            slots = new LinkedHashMap<>();
            for (Map.Entry<String, String> slot : slotAddresses.entrySet()) {
                slots.put(slot.getKey(), new SlotFiles(slot.getValue(), Optional.of(slotPower.get(slot.getKey()) ? "1" : "0"),
                        Optional.of(hasCard(slot.getKey()) ? "1" : "0")));
            }
            slots = java.util.Collections.unmodifiableMap(slots);
            slotsChanged = false;
        }
        view = new View(seen, slots);
    }

    /**
     * @return the tree's root directory ({@code bus/pci/devices} below it is what {@code pcie:sysfs:} and
     *         {@code lspci -A linux-sysfs} read); from the first call on the directory is kept in step with the
     *         simulator (before it, the simulator writes no files: the driver reads the model)
     */
    public synchronized Path root() {
        if (!mirrored) {
            mirrored = true;
            sync();
        }
        return root;
    }

    /** @return the radio heads (class 0x0280 functions) in address order */
    public synchronized List<PcieAddress> radios() {
        return functions.values().stream().filter(f -> f.classCode() >> 8 == 0x0280).map(SimFunction::address).toList();
    }

    /**
     * Powers a function from a hub port: when the port is switched off the function loses power
     * and vanishes; when it comes back the link trains and the function returns.
     *
     * @param hub      the hub
     * @param port     its port
     * @param function the function powered by it
     */
    public void bindHubPort(UsbHub hub, int port, PcieAddress function) {
        synchronized (this) {
            if (!functions.containsKey(function)) {
                throw new IllegalArgumentException("no simulated function " + function);
            }
        }
        setHubPower(function, hub.portState(port).powered());
        UsbHub.Subscription s = hub.onPortPowerChange(event -> {
            if (event.port() == port) {
                setHubPower(function, event.powered());
            }
        });
        synchronized (this) {
            subscriptions.add(s);
        }
        LOG.info("sim: {} powered by port {} of {}", function, port, hub.uri());
    }

    /**
     * @param function a function
     * @param on       whether its hub port powers it
     */
    public synchronized void setHubPower(PcieAddress function, boolean on) {
        State s = state(function);
        if (s.hubPower == on) {
            return;
        }
        s.hubPower = on;
        power(function, on);
    }

    /**
     * @param function a function of the model
     * @return whether the function is in the tree now
     */
    public synchronized boolean isVisible(PcieAddress function) {
        return visible(functions.get(function), clock.nanoTime());
    }

    /**
     * @param function a function of the model
     * @return how often the function was reset through sysfs
     */
    public synchronized int resets(PcieAddress function) {
        return state(function).resets;
    }

    private void power(PcieAddress function, boolean on) {
        SimFunction f = functions.get(function);
        State s = states.get(function);
        if (on && powered(f)) {
            s.linkUpAt = clock.nanoTime() + training.toNanos();
            s.userRemoved = false;
            LOG.info("sim: {} powered; link trains for {} ms", function, training.toMillis());
        } else if (!on) {
            s.linkUpAt = NEVER;
            s.enumerated = false;
            LOG.info("sim: {} lost power; link down", function);
        }
        sync();
    }

    private synchronized void control(String path, String value) {
        String[] p = path.split("/", -1);
        if (path.equals("rescan")) {
            rescan(null);
        } else if (p.length == 3 && p[0].equals("devices")) {
            PcieAddress a;
            try {
                a = PcieAddress.parse(p[1]);
            } catch (IllegalArgumentException e) {
                throw new NotFoundException(root + "/bus/pci/" + path, "no such control file");
            }
            SimFunction f = functions.get(a);
            if (f == null || !visible(f, clock.nanoTime())) {
                throw new NotFoundException(root + "/bus/pci/" + path, "no such control file");
            }
            switch (p[2]) {
                case "remove" -> {
                    for (SimFunction d : subtree(a)) {
                        states.get(d.address()).enumerated = false;
                        states.get(d.address()).userRemoved = true;
                    }
                    LOG.info("sim: removed {}", a);
                }
                case "rescan" -> rescan(a);
                case "reset" -> {
                    states.get(a).resets++;
                    LOG.info("sim: reset {}", a);
                }
                default -> throw new NotFoundException(root + "/bus/pci/" + path, "no such control file");
            }
        } else if (p.length == 3 && p[0].equals("slots") && p[2].equals("power") && slotAddresses.containsKey(p[1])) {
            boolean on = switch (value.strip()) {
                case "1" -> true;
                case "0" -> false;
                default -> throw new HalException(root + "/bus/pci/" + path, "invalid argument \"" + value + "\": 0 or 1");
            };
            if (on && !hasCard(p[1])) {
                // pciehp: "No adapter" and the write fails with ENODEV
                throw new HalException(root + "/bus/pci/" + path, "write of \"1\" failed: No such device (the slot has no adapter)");
            }
            slotsChanged = true;
            if (slotPower.put(p[1], on) != on) {
                for (SimFunction f : functions.values()) {
                    if (inSlot(f, p[1])) {
                        power(f.address(), on);
                    }
                }
            }
        } else {
            throw new NotFoundException(root + "/bus/pci/" + path, "no such control file");
        }
        sync();
    }

    private void rescan(PcieAddress below) {
        long now = clock.nanoTime();
        for (SimFunction f : below == null ? functions.values() : subtree(below)) {
            State s = states.get(f.address());
            if (powered(f) && now >= s.linkUpAt) {
                s.enumerated = true;
                s.userRemoved = false;
            }
        }
        LOG.info("sim: rescan {}", below == null ? "of every bus" : "below " + below);
    }

    private List<SimFunction> subtree(PcieAddress top) {
        List<SimFunction> out = new ArrayList<>();
        for (SimFunction f : functions.values()) {
            for (Optional<PcieAddress> a = Optional.of(f.address()); a.isPresent(); a = functions.get(a.get()).parent()) {
                if (a.get().equals(top)) {
                    out.add(f);
                    break;
                }
            }
        }
        return out;
    }

    private boolean inSlot(SimFunction f, String slot) {
        return slotKey(f).equals(slotAddresses.get(slot));
    }

    /** @return the slot address a function sits at: domain, bus and device ({@code 0000:02:00}) */
    private static String slotKey(SimFunction f) {
        return f.address().toString().substring(0, 10);
    }

    private Optional<String> slotOf(SimFunction f) {
        return Optional.ofNullable(slotOfFunction.get(f.address()));
    }

    private boolean powered(SimFunction f) {
        return states.get(f.address()).hubPower && slotOf(f).map(slotPower::get).orElse(true);
    }

    private boolean visible(SimFunction f, long now) {
        if (f == null) {
            return false;
        }
        State s = states.get(f.address());
        if (!powered(f) || now < s.linkUpAt) {
            return false;
        }
        // pciehp brings a trained device in a hot-plug slot in by itself; elsewhere it takes a rescan
        boolean present = slotOf(f).isPresent() ? !s.userRemoved : s.enumerated;
        return present && f.parent().map(p -> visible(functions.get(p), now)).orElse(true);
    }

    private State state(PcieAddress a) {
        State s = states.get(a);
        if (s == null) {
            throw new IllegalArgumentException("no simulated function " + a);
        }
        return s;
    }

    /**
     * Brings the functions on the bus in line with the model, and the directory too once someone reads it
     * ({@link #root()}, or a {@code dir} given at the start).
     */
    private synchronized void sync() {
        if (mirrored) {
            long now = clock.nanoTime();
            for (SimFunction f : functions.values()) {
                if (visible(f, now)) {
                    materialized.add(f.address());
                } else {
                    materialized.remove(f.address());
                }
            }
            mirror();
        }
        publish();
    }

    /** The directory in step with the bus: functions that vanished lose their entry, new ones are written. */
    private void mirror() {
        try {
            for (SimFunction f : functions.values()) {
                boolean show = materialized.contains(f.address());
                if (show && !linked.contains(f.address())) {
                    if (written.add(f.address())) {
                        writer.write(f);
                    } else {
                        writer.show(f);
                    }
                    linked.add(f.address());
                } else if (!show && linked.contains(f.address())) {
                    writer.hide(f);
                    linked.remove(f.address());
                }
            }
            for (Map.Entry<String, String> slot : slotAddresses.entrySet()) {
                boolean on = slotPower.get(slot.getKey());
                if (!Boolean.valueOf(on).equals(slotPowerWritten.get(slot.getKey()))) {
                    writer.writeSlot(slot.getKey(), slot.getValue(), on, hasCard(slot.getKey()));
                    slotPowerWritten.put(slot.getKey(), on);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("simulated sysfs at " + root, e);
        }
    }

    @Override
    public void close() {
        List<UsbHub.Subscription> subs;
        synchronized (this) {
            subs = new ArrayList<>(subscriptions);
            subscriptions.clear();
        }
        subs.forEach(UsbHub.Subscription::close);
        if (ownsRoot) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("sim: cannot remove {}: {}", root, e.toString());
            }
        }
    }
}
