package dev.benchhal.pcie.sysfs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Vendor and device names from a {@code pci.ids} database (the file pciutils uses), read once.
 * Subsystem entries and the class section are skipped: names are only what {@code lspci -tv} shows.
 * Immutable and thread-safe.
 */
public final class PciIds {

    /** Where Debian, Fedora and others install the database. */
    public static final List<Path> SYSTEM_LOCATIONS = List.of(Path.of("/usr/share/misc/pci.ids"),
            Path.of("/usr/share/hwdata/pci.ids"), Path.of("/usr/share/pci.ids"), Path.of("/usr/share/misc/pci.ids.gz"));

    private static final Logger LOG = LoggerFactory.getLogger(PciIds.class);
    private static final PciIds NONE = new PciIds(Map.of(), Map.of(), "none");
    private static volatile PciIds system;

    private final Map<Integer, String> vendors;
    private final Map<Integer, String> devices;
    private final String origin;

    private PciIds(Map<Integer, String> vendors, Map<Integer, String> devices, String origin) {
        this.vendors = vendors;
        this.devices = devices;
        this.origin = origin;
    }

    /** @return the system's database, or an empty one when none is installed (pciutils brings it) */
    public static PciIds system() {
        PciIds s = system;
        if (s == null) {
            synchronized (PciIds.class) {
                s = system;
                if (s == null) {
                    s = NONE;
                    for (Path p : SYSTEM_LOCATIONS) {
                        if (Files.isReadable(p)) {
                            try {
                                s = load(p);
                                break;
                            } catch (IOException e) {
                                LOG.warn("cannot read {}: {}", p, e.getMessage());
                            }
                        }
                    }
                    if (s == NONE) {
                        LOG.debug("no pci.ids installed: devices have no names");
                    }
                    system = s;
                }
            }
        }
        return s;
    }

    /** @return a database without names */
    public static PciIds none() {
        return NONE;
    }

    /**
     * @param file a {@code pci.ids} file, gzip-compressed when it ends in {@code .gz}
     * @return its names
     * @throws IOException when it cannot be read
     */
    public static PciIds load(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return parse(in, file.toString());
        }
    }

    static PciIds parse(InputStream in, String origin) throws IOException {
        Map<Integer, String> vendors = new HashMap<>();
        Map<Integer, String> devices = new HashMap<>();
        int vendor = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                if (line.startsWith("C ")) {
                    break;      // the class section: not needed
                }
                if (line.charAt(0) != '\t') {
                    vendor = hex4(line, 0);
                    if (vendor >= 0 && line.length() > 6) {
                        vendors.put(vendor, line.substring(6).strip());
                    }
                } else if (line.length() > 7 && line.charAt(1) != '\t' && vendor >= 0) {
                    int device = hex4(line, 1);
                    if (device >= 0) {
                        devices.put(vendor << 16 | device, line.substring(7).strip());
                    }
                }
            }
        }
        return new PciIds(Map.copyOf(vendors), Map.copyOf(devices), origin);
    }

    private static int hex4(String line, int at) {
        if (line.length() < at + 4) {
            return -1;
        }
        try {
            return Integer.parseInt(line.substring(at, at + 4), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param vendorId the PCI vendor id, 0..0xFFFF
     * @return the vendor's name, empty when the database does not know it
     */
    public Optional<String> vendor(int vendorId) {
        return Optional.ofNullable(vendors.get(vendorId));
    }

    /**
     * @param vendorId the PCI vendor id, 0..0xFFFF
     * @param deviceId the PCI device id, 0..0xFFFF
     * @return the device's name, empty when the database does not know it
     */
    public Optional<String> device(int vendorId, int deviceId) {
        return Optional.ofNullable(devices.get(vendorId << 16 | deviceId));
    }

    /**
     * @param vendorId the PCI vendor id, 0..0xFFFF
     * @param deviceId the PCI device id, 0..0xFFFF
     * @return the name {@code lspci -tv} prints: {@code Vendor Device}, {@code Vendor Device 0d57} when
     *         only the vendor is known, {@code Device 8086:0d57} when neither is
     */
    public String describe(int vendorId, int deviceId) {
        Optional<String> v = vendor(vendorId);
        if (v.isEmpty()) {
            return String.format("Device %04x:%04x", vendorId, deviceId);
        }
        return v.get() + " " + device(vendorId, deviceId).orElse(String.format("Device %04x", deviceId));
    }

    @Override
    public String toString() {
        return "PciIds[" + origin + ", " + vendors.size() + " vendors, " + devices.size() + " devices]";
    }
}
