package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.sysfs.BusRange;
import dev.benchhal.pcie.sysfs.DeviceFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a simulated hierarchy as the kernel lays out sysfs: {@code devices/pci0000:00/...}
 * directories with the attribute files, binary configuration space and control files,
 * {@code bus/pci/devices} links, drivers, IOMMU groups and hot-plug slots. {@link SimulatedPciTree}
 * keeps the state and says what to write or delete; the caller serializes the calls.
 */
final class SimSysfsWriter {

    /** A concentrator's CPU as {@code /proc/cpuinfo} shows it: one socket, four cores, eight threads. */
    static final String CPUINFO = cpuinfo("Intel(R) Xeon(R) D-2123IT CPU @ 2.20GHz", 4, 2);

    private final Path root;
    private final Map<PcieAddress, SimFunction> functions;

    /**
     * @param root      the tree's root directory
     * @param functions every function of the hierarchy by address (read, never changed)
     */
    SimSysfsWriter(Path root, Map<PcieAddress, SimFunction> functions) {
        this.root = root;
        this.functions = functions;
    }

    /** Writes a hot-plug slot's files. */
    void writeSlot(String name, String address, boolean powered, boolean card) throws IOException {
        Path dir = Files.createDirectories(root.resolve("bus/pci/slots").resolve(name));
        Files.writeString(dir.resolve("address"), address + "\n");
        Files.writeString(dir.resolve("power"), (powered ? "1" : "0") + "\n");
        Files.writeString(dir.resolve("adapter"), (card ? "1" : "0") + "\n");
    }

    private Path deviceDir(SimFunction f) {
        List<String> chain = new ArrayList<>();
        for (Optional<PcieAddress> a = Optional.of(f.address()); a.isPresent(); a = functions.get(a.get()).parent()) {
            chain.add(0, a.get().toString());
        }
        Path dir = root.resolve("devices").resolve(String.format("pci%04x:%02x", f.address().domain(), rootBus(f)));
        for (String c : chain) {
            dir = dir.resolve(c);
        }
        return dir;
    }

    private int rootBus(SimFunction f) {
        SimFunction top = f;
        while (top.parent().isPresent()) {
            top = functions.get(top.parent().get());
        }
        return top.address().bus();
    }

    /**
     * The attribute files of a function as the kernel shows them, name to content: one place for the files written
     * and for the in-memory reads of {@link #files}.
     */
    private static Map<String, String> attributes(SimFunction f) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("vendor", String.format("0x%04x", f.vendorId()));
        a.put("device", String.format("0x%04x", f.deviceId()));
        a.put("subsystem_vendor", String.format("0x%04x", f.isBridge() ? 0 : f.vendorId()));
        a.put("subsystem_device", String.format("0x%04x", f.isBridge() ? 0 : f.deviceId()));
        a.put("class", String.format("0x%06x", f.classCode()));
        a.put("revision", "0x01");
        a.put("numa_node", Integer.toString(f.numaNode()));
        if (f.hasLink()) {
            a.put("current_link_speed", speed(f.gtsCode()));
            a.put("current_link_width", Integer.toString(f.width()));
            a.put("max_link_speed", speed(f.maxGtsCode()));
            a.put("max_link_width", Integer.toString(f.maxWidth()));
            a.put("aer_dev_correctable", "RxErr 0\nBadTLP 0\nBadDLLP 0\nRollover 0\nTimeout 0\nNonFatalErr 0\n"
                    + "CorrIntErr 0\nHeaderOF 0\nTOTAL_ERR_COR 0");
            a.put("aer_dev_nonfatal", "Undefined 0\nDLP 0\nSDES 0\nTLP 0\nFCP 0\nCmpltTO 0\nTOTAL_ERR_NONFATAL 0");
            a.put("aer_dev_fatal", "Undefined 0\nDLP 0\nSDES 0\nTLP 0\nFCP 0\nCmpltTO 0\nTOTAL_ERR_FATAL 0");
        }
        return a;
    }

    private static byte[] config(SimFunction f) {
        return ConfigSpace.of(f, f.address().bus(), f.buses().orElse(new BusRange(0, 0)), true);
    }

    /**
     * What a read of the function's directory finds, without reading it: the same attributes, links and
     * configuration space the files hold.
     *
     * @param f a function
     * @return its files
     */
    DeviceFiles files(SimFunction f) {
        return new DeviceFiles(f.address().toString(), deviceDir(f).toString(), attributes(f), f.driver(),
                Optional.of(Integer.toString(f.iommuGroup())), Optional.of(config(f)));
    }

    /** Writes a function that appeared: its directory, files and links. */
    void write(SimFunction f) throws IOException {
        Path dir = Files.createDirectories(deviceDir(f));
        for (Map.Entry<String, String> a : attributes(f).entrySet()) {
            put(dir, a.getKey(), a.getValue());
        }
        for (String control : List.of("remove", "rescan", "reset")) {
            put(dir, control, "");
        }
        Files.write(dir.resolve("config"), config(f));
        if (f.driver().isPresent()) {
            Path driver = Files.createDirectories(root.resolve("bus/pci/drivers").resolve(f.driver().get()));
            link(dir.resolve("driver"), driver);
        }
        Path group = Files.createDirectories(root.resolve("kernel/iommu_groups").resolve(Integer.toString(f.iommuGroup())));
        link(dir.resolve("iommu_group"), group);
        link(root.resolve("bus/pci/devices").resolve(f.address().toString()), dir);
    }

    /**
     * Takes a function that vanished off the bus: its entry in {@code bus/pci/devices} goes, which is all a reader
     * of the bus sees (a reader that held the entry finds its files gone with it). Its files stay below
     * {@code devices/} and come back with {@link #show}: a power cycle costs two links, not two dozen files.
     */
    void hide(SimFunction f) throws IOException {
        Files.deleteIfExists(root.resolve("bus/pci/devices").resolve(f.address().toString()));
    }

    /** Puts a function written before back on the bus. */
    void show(SimFunction f) throws IOException {
        link(root.resolve("bus/pci/devices").resolve(f.address().toString()), deviceDir(f));
    }

    private static void link(Path at, Path target) throws IOException {
        Files.deleteIfExists(at);
        Files.createSymbolicLink(at, at.getParent().relativize(target));
    }

    private static void put(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content.isEmpty() ? "" : content + "\n", StandardCharsets.US_ASCII);
    }

    private static String speed(int code) {
        return switch (code) {
            case 1 -> "2.5 GT/s PCIe";
            case 2 -> "5.0 GT/s PCIe";
            case 3 -> "8.0 GT/s PCIe";
            case 4 -> "16.0 GT/s PCIe";
            case 5 -> "32.0 GT/s PCIe";
            case 6 -> "64.0 GT/s PCIe";
            default -> "Unknown";
        };
    }

    private static String cpuinfo(String model, int cores, int threadsPerCore) {
        StringBuilder b = new StringBuilder();
        for (int cpu = 0; cpu < cores * threadsPerCore; cpu++) {
            b.append("processor\t: ").append(cpu).append("\nvendor_id\t: GenuineIntel\nmodel name\t: ").append(model)
                    .append("\nphysical id\t: 0\ncore id\t\t: ").append(cpu % cores).append("\ncpu cores\t: ").append(cores)
                    .append("\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr lm\n\n");
        }
        return b.toString();
    }

}
