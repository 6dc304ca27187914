package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.error.ConfigException;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.sysfs.PciIds;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.usb.UsbHub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Opens {@code pcie:sim} URIs: a {@link SimulatedPciTree} laid out from the options, bound to a bench's hub. */
public final class SimulatedPcieHosts {

    /** Options of {@code pcie:sim}. */
    public static final Set<String> OPTIONS = Set.of("radios", "emptySlots", "functions", "training", "hub", "ports", "dir",
            "pciIds");

    private SimulatedPcieHosts() {
    }

    /**
     * Opens {@code pcie:sim?radios=4&functions=40&training=200ms&hub=ROLE&ports=1,2,3,4&dir=PATH}; {@code ports} may
     * name each radio's hub role ({@code ports=hubA:0,hubA:1,hubB:0}) for radios on several hubs.
     *
     * @param spec    the URI and options
     * @param context bench clock and roles (the hub)
     * @param ids     names
     * @return a host over a new simulated tree, closed with it
     */
    public static PcieHost open(DeviceSpec spec, DriverContext context, PciIds ids) {
        spec.requireKnownOptions(OPTIONS);
        int radios = spec.intOption("radios", 4);
        int empty = spec.intOption("emptySlots", 0);
        int count = spec.intOption("functions", 0);
        Duration training = spec.durationOption("training", Duration.ofMillis(200));
        List<SimFunction> layout;
        try {
            layout = SimLayout.concentrator(radios, empty, count);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(spec.uri().toString(), e.getMessage());
        }
        Path dir = spec.option("dir").map(context::resolve).orElse(null);
        if (dir != null) {
            requireTreeDirectory(spec, dir);
        }
        SimulatedPciTree tree;
        try {
            tree = new SimulatedPciTree(layout, context.clock(), training, dir);
        } catch (UncheckedIOException e) {
            throw new ConfigException(spec.label(), "dir=" + dir + ": cannot keep the simulated tree there: " + e.getCause(), e);
        }
        try {
            SimLayout.emptySlots(radios, empty).forEach(tree::emptySlot);
            // ports=0,1,2 powers radio i from port i of the hub role; ports=hubA:0,hubB:0 names each radio's hub role
            Optional<String> hubRole = spec.option("hub");
            String[] ports = spec.option("ports").orElse("").split(",", -1);
            boolean rolesGiven = spec.option("ports").orElse("").contains(":");
            if (hubRole.isPresent() || rolesGiven) {
                Map<String, UsbHub> hubs = new HashMap<>();
                List<PcieAddress> radioAddresses = tree.radios();
                for (int i = 0; i < radioAddresses.size(); i++) {
                    String entry = ports.length > i ? ports[i].strip() : "";
                    int colon = entry.indexOf(':');
                    String role = colon >= 0 ? entry.substring(0, colon) : hubRole.orElse(null);
                    String number = colon >= 0 ? entry.substring(colon + 1) : entry;
                    if (role == null) {
                        throw new ConfigException(spec.uri().toString(), "ports=" + spec.option("ports").orElse("")
                                + ": radio " + i + " names no hub role (hub=ROLE, or ROLE:PORT for each radio)");
                    }
                    int port;
                    try {
                        port = number.isEmpty() ? i : Integer.parseInt(number);
                    } catch (NumberFormatException e) {
                        throw new ConfigException(spec.uri().toString(), "ports=" + spec.option("ports").orElse("")
                                + ": expected hub port numbers (or ROLE:PORT) separated by commas");
                    }
                    UsbHub hub = hubs.computeIfAbsent(role, r -> context.device(r, UsbHub.class));
                    tree.bindHubPort(hub, port, radioAddresses.get(i));
                }
            }
            return tree.host(spec.uri(), ids);
        } catch (RuntimeException e) {
            tree.close();
            throw e;
        }
    }

    /**
     * The simulator writes a sysfs-shaped tree into {@code dir=}: only into a new or empty directory, or
     * one that holds a tree it wrote before, never over someone's files.
     */
    private static void requireTreeDirectory(DeviceSpec spec, Path dir) {
        if (!Files.exists(dir) || Files.exists(dir.resolve(SimulatedPciTree.MARKER))) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(spec.label(), "dir=" + dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new ConfigException(spec.label(), "dir=" + dir + " is neither empty nor a simulated tree: "
                        + "give a new or empty directory");
            }
        } catch (IOException e) {
            throw new ConfigException(spec.label(), "dir=" + dir + " cannot be read: " + e, e);
        }
    }
}
