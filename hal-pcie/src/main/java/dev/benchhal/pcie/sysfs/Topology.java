package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the topology of a host from the parent each device's sysfs path names. */
public final class Topology {

    private Topology() {
    }

    /**
     * @param devices devices in address order
     * @return the tree: devices without a (present) parent are roots; children in address order
     */
    public static PcieTree tree(List<PcieDevice> devices) {
        Map<PcieAddress, PcieDevice> byAddress = new LinkedHashMap<>();
        devices.forEach(d -> byAddress.put(d.address(), d));
        Map<PcieAddress, List<PcieDevice>> children = new HashMap<>();
        List<PcieDevice> roots = new ArrayList<>();
        for (PcieDevice d : devices) {
            Optional<PcieAddress> parent = d.parent().filter(byAddress::containsKey);
            if (parent.isPresent()) {
                children.computeIfAbsent(parent.get(), k -> new ArrayList<>()).add(d);
            } else {
                roots.add(d);
            }
        }
        List<PcieTree.Node> nodes = new ArrayList<>();
        for (PcieDevice r : roots) {
            nodes.add(node(r, children));
        }
        return new PcieTree(nodes);
    }

    private static PcieTree.Node node(PcieDevice d, Map<PcieAddress, List<PcieDevice>> children) {
        List<PcieTree.Node> below = new ArrayList<>();
        for (PcieDevice c : children.getOrDefault(d.address(), List.of())) {
            below.add(node(c, children));
        }
        return new PcieTree.Node(d, below);
    }

    /**
     * The bus ranges of the bridges: from their configuration header where it was read, else
     * (a bridge class device whose header could not be read) from the buses of its descendants.
     *
     * @param image   the sysfs read
     * @param devices its devices
     * @return bridge address to its buses
     */
    public static Map<PcieAddress, BusRange> bridges(SysfsImage image, List<PcieDevice> devices) {
        Map<PcieAddress, BusRange> out = new HashMap<>();
        Map<String, DeviceFiles> files = new HashMap<>();
        image.devices().forEach(f -> files.put(f.name(), f));
        for (PcieDevice d : devices) {
            DeviceFiles f = files.get(d.address().toString());
            if (d.classCode() >> 16 != 0x06 || f == null) {
                continue;
            }
            Optional<int[]> buses = f.config().flatMap(ExpressCapability::bridgeBuses);
            if (buses.isPresent()) {
                out.put(d.address(), new BusRange(buses.get()[0], buses.get()[1]));
            } else if (f.config().isEmpty() && d.isBridge()) {
                descendantBuses(d.address(), devices).ifPresent(r -> out.put(d.address(), r));
            }
        }
        return out;
    }

    private static Optional<BusRange> descendantBuses(PcieAddress bridge, List<PcieDevice> devices) {
        Map<PcieAddress, PcieDevice> byAddress = new HashMap<>();
        devices.forEach(d -> byAddress.put(d.address(), d));
        int low = Integer.MAX_VALUE;
        int high = -1;
        for (PcieDevice d : devices) {
            for (Optional<PcieAddress> p = d.parent(); p.isPresent(); p = Optional.ofNullable(byAddress.get(p.get())).flatMap(PcieDevice::parent)) {
                if (p.get().equals(bridge)) {
                    low = Math.min(low, d.address().bus());
                    high = Math.max(high, d.address().bus());
                    break;
                }
            }
        }
        return high < 0 ? Optional.empty() : Optional.of(new BusRange(low, high));
    }
}
