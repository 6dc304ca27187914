package dev.benchhal.pcie.sysfs;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.sysfs.sim.SimulatedPcieHosts;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.spi.BasicDriverProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scheme {@code pcie}:
 * <ul>
 *   <li>{@code pcie:local} (or {@code pcie:}): this machine; options {@code sysdir} (the devices
 *       directory, default {@code /sys/bus/pci/devices}) and {@code cpuinfo}</li>
 *   <li>{@code pcie:sysfs:/path/to/tree}: a tree in a directory, either a bus directory (with
 *       {@code devices/} and {@code slots/}) or a devices directory</li>
 *   <li>{@code pcie:ssh://root@rig?identity=...}: a remote host over SSH (the nested URI is opened
 *       as a HostShell and closed with the host); {@code pcie:remote?via=ROLE} uses the HostShell of
 *       a bench role instead. Options {@code sysdir}, {@code cpuinfo}, {@code timeout} (60s)</li>
 *   <li>{@code pcie:sim}: the simulator ({@link SimulatedPcieHosts#OPTIONS})</li>
 * </ul>
 * Every form takes {@code pciIds} (a {@code pci.ids} file; default: the system's).
 */
public final class PcieProvider extends BasicDriverProvider<PcieHost> {

    private static final Set<String> LOCAL = Set.of("sysdir", "cpuinfo", "pciIds", "strict");
    private static final Set<String> REMOTE = Set.of("sysdir", "cpuinfo", "pciIds", "timeout", "via", "strict");

    /** Called by {@link java.util.ServiceLoader}. */
    public PcieProvider() {
        super("pcie", PcieHost.class, API_VERSION,
                "PCIe over sysfs: enumeration, links, topology, hot-swap operations, the concentrator dump; local, remote, simulated");
    }

    /** @return {@code pcie:local} when this machine has a PCI sysfs, with its function count */
    @Override
    public List<DiscoveredDevice> discover(DriverContext context) {
        return discoverAt(LocalSysfs.DEFAULT_DEVICES);
    }

    /** @param devices a devices directory @return {@code pcie:local} when it lists functions, else nothing */
    static List<DiscoveredDevice> discoverAt(Path devices) {
        if (!Files.isDirectory(devices)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(devices)) {
            long functions = entries.filter(p -> DeviceParser.isAddress(p.getFileName().toString())).count();
            return functions == 0 ? List.of() : List.of(new DiscoveredDevice(DeviceUri.parse("pcie:local"),
                    "this machine's PCI sysfs, " + functions + " functions in " + devices));
        } catch (IOException e) {
            return List.of();   // not listable here: nothing found, as discovery promises
        }
    }

    /** {@code pcie:sim}: a simulated hierarchy (a tree in a directory, {@code pcie:sysfs:}, is files someone may change). */
    @Override
    public boolean simulates(DeviceSpec spec) {
        String target = spec.uri().target();
        return target.equals("sim") || target.startsWith("sim:");
    }

    @Override
    public PcieHost open(DeviceSpec spec, DriverContext context) {
        DeviceUri uri = spec.uri();
        String target = uri.target();
        PciIds ids = spec.option("pciIds").map(p -> loadIds(uri, context.resolve(p))).orElseGet(PciIds::system);
        if (target.isEmpty() || target.equals("local")) {
            spec.requireKnownOptions(LOCAL);
            Path sysdir = spec.option("sysdir").map(context::resolve).orElse(LocalSysfs.DEFAULT_DEVICES);
            Path cpuinfo = spec.option("cpuinfo").map(context::resolve).orElse(LocalSysfs.DEFAULT_CPUINFO);
            return new SysfsPcieHost(uri, new LocalSysfs(sysdir, cpuinfo, new LocalHostShell()), ids, strict(spec), context.clock(), null);
        }
        if (target.startsWith("sysfs:")) {
            spec.requireKnownOptions(LOCAL);
            Path tree = context.resolve(target.substring("sysfs:".length()));
            Path devices = Files.isDirectory(tree.resolve("devices")) ? tree.resolve("devices") : tree;
            if (!Files.isDirectory(devices)) {
                throw new ConfigException(uri.toString(), "no directory " + tree);
            }
            Path cpuinfo = spec.option("cpuinfo").map(context::resolve).orElse(LocalSysfs.DEFAULT_CPUINFO);
            return new SysfsPcieHost(uri, new LocalSysfs(devices, cpuinfo, new LocalHostShell()), ids, strict(spec), context.clock(), null);
        }
        if (target.equals("sim") || target.startsWith("sim:")) {
            return SimulatedPcieHosts.open(spec, context, ids);
        }
        String sysdir = spec.option("sysdir").orElse(LocalSysfs.DEFAULT_DEVICES.toString());
        String cpuinfo = spec.option("cpuinfo").orElse(LocalSysfs.DEFAULT_CPUINFO.toString());
        Duration timeout = spec.durationOption("timeout", Duration.ofSeconds(60));
        if (target.equals("remote")) {
            spec.requireKnownOptions(REMOTE);
            String role = spec.option("via").orElseThrow(() -> new ConfigException(uri.toString(),
                    "pcie:remote needs via=ROLE, the bench role of the host's HostShell"));
            HostShell shell = context.device(role, HostShell.class);
            return new SysfsPcieHost(uri, new ShellSysfs(shell, sysdir, cpuinfo, timeout), ids, strict(spec), context.clock(), null);
        }
        if (target.startsWith("ssh:")) {
            // the nested URI keeps its own options (identity, knownHosts, ...): only ours are taken out
            DeviceUri nested = DeviceUri.parse(stripOptions(uri.nested().raw(), REMOTE));
            HostShell shell = DriverRegistry.load().open(new DeviceSpec(nested, java.util.Map.of(), spec.role()),
                    HostShell.class, context);
            return new SysfsPcieHost(uri, new ShellSysfs(shell, sysdir, cpuinfo, timeout), ids, strict(spec), context.clock(), shell);
        }
        throw new ConfigException(uri.toString(), "expected pcie:local, pcie:sysfs:/path, pcie:ssh://user@host, "
                + "pcie:remote?via=ROLE or pcie:sim");
    }

    /** Removes this driver's own options from a nested URI's query, keeping the transport's. */
    static String stripOptions(String uri, Set<String> ours) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : uri.substring(q + 1).split("&", -1)) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!ours.contains(key) && !pair.isEmpty()) {
                kept.append(kept.length() == 0 ? "?" : "&").append(pair);
            }
        }
        return uri.substring(0, q) + kept;
    }

    private static boolean strict(DeviceSpec spec) {
        return spec.booleanOption("strict", false);
    }

    private static PciIds loadIds(DeviceUri uri, Path file) {
        try {
            return PciIds.load(file);
        } catch (java.io.IOException e) {
            throw new ConfigException(uri.toString(), "pciIds=" + file + ": cannot read: " + e.getMessage());
        }
    }
}
