package dev.benchhal.pcie.sysfs;

import dev.benchhal.error.ProtocolException;
import dev.benchhal.pcie.AerCounters;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one {@link SysfsImage} into {@link PcieDevice}s. A device whose identity files
 * ({@code vendor}, {@code device}, {@code class}) are missing or do not parse, or whose directory
 * could not be read, is left out with a warning naming the file and what it held, so one broken
 * device does not hide the healthy ones; in strict mode it is a {@link ProtocolException} instead.
 * The optional files (link, AER, NUMA) that do not parse are logged and left out.
 */
public final class DeviceParser {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceParser.class);
    private static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");

    private final PciIds ids;
    private final boolean strict;

    /** @param ids names for vendor and device ids */
    public DeviceParser(PciIds ids) {
        this(ids, false);
    }

    /**
     * @param ids    names for vendor and device ids
     * @param strict whether a device that cannot be read fails the whole read instead of being left out
     */
    public DeviceParser(PciIds ids, boolean strict) {
        this.ids = ids;
        this.strict = strict;
    }

    /**
     * @param image one read of a sysfs tree
     * @return its devices in address order
     * @throws ProtocolException in strict mode, when a device's identity files do not parse or something
     *                           could not be read
     */
    public List<PcieDevice> devices(SysfsImage image) {
        for (String problem : image.unreadable()) {
            if (strict) {
                throw new ProtocolException(image.source(), problem);
            }
            LOG.warn("{}", problem);
        }
        // the slots of the functions read (a poll of one function does not index every slot of the host)
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (DeviceFiles f : image.devices()) {
            if (isAddress(f.name())) {
                wanted.add(f.name().substring(0, 10).toLowerCase(java.util.Locale.ROOT));
            }
        }
        Map<String, String> slotByDevice = new HashMap<>();
        image.slots().forEach((slot, files) -> {
            if (wanted.contains(files.address())) {
                slotByDevice.put(files.address(), slot);
            }
        });
        // devices parse independently: side by side for a large host
        List<PcieDevice> out = new ArrayList<>((image.devices().size() < 64 ? image.devices().stream() : image.devices().parallelStream())
                .map(f -> {
                    try {
                        return Optional.of(device(image.source(), f, slotByDevice));
                    } catch (ProtocolException e) {
                        if (strict) {
                            throw e;
                        }
                        LOG.warn("{}; device left out (strict=true fails instead)", e.getMessage());
                        return Optional.<PcieDevice>empty();
                    }
                }).flatMap(Optional::stream).toList());
        out.sort((a, b) -> a.address().compareTo(b.address()));
        return withPartners(out, portTypes(image));
    }

    private static Map<PcieAddress, Integer> portTypes(SysfsImage image) {
        Map<PcieAddress, Integer> types = new HashMap<>();
        for (DeviceFiles f : image.devices()) {
            if (isAddress(f.name())) {
                f.config().ifPresent(c -> types.put(PcieAddress.parse(f.name()), ExpressCapability.portType(c)));
            }
        }
        return types;
    }

    /**
     * Gives each link the capabilities of its other end. The two ends of a link are a port that faces
     * down the hierarchy (a root port, a switch's downstream port) and the device below it (an endpoint,
     * a switch's upstream port): so an endpoint's partner is its parent, and a downward port's partner
     * the first function below it. The port type comes from the PCI Express capability; without it,
     * only what is certain is used: a function that is not a bridge is an endpoint.
     */
    static List<PcieDevice> withPartners(List<PcieDevice> devices, Map<PcieAddress, Integer> portTypes) {
        Map<PcieAddress, PcieDevice> byAddress = new HashMap<>();
        Map<PcieAddress, PcieDevice> firstChild = new HashMap<>();
        for (PcieDevice d : devices) {
            byAddress.put(d.address(), d);
            d.parent().ifPresent(p -> firstChild.putIfAbsent(p, d));     // devices are in address order
        }
        List<PcieDevice> out = new ArrayList<>(devices.size());
        for (PcieDevice d : devices) {
            Optional<PcieDevice> partner = Optional.empty();
            if (d.link().isPresent()) {
                int type = portTypes.getOrDefault(d.address(), -1);
                boolean facesDown = type == ExpressCapability.TYPE_ROOT_PORT || type == ExpressCapability.TYPE_DOWNSTREAM_PORT;
                boolean facesUp = !d.isBridge() || type == ExpressCapability.TYPE_UPSTREAM_PORT;
                if (facesDown) {
                    partner = Optional.ofNullable(firstChild.get(d.address()));
                } else if (facesUp) {
                    partner = d.parent().map(byAddress::get);
                }
            }
            Optional<PcieLink> other = partner.flatMap(PcieDevice::link);
            out.add(other.isPresent() ? d.withLink(d.link().orElseThrow().withPartner(other.get())) : d);
        }
        return out;
    }

    private PcieDevice device(String source, DeviceFiles f, Map<String, String> slotByDevice) {
        String where = source + "/" + f.name();
        PcieAddress address;
        try {
            address = PcieAddress.parse(f.name());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(where, "a device directory whose name is not a PCI address");
        }
        int vendor = hex(where, f, "vendor", 0xFFFF, true);
        int device = hex(where, f, "device", 0xFFFF, true);
        int classCode = hex(where, f, "class", 0xFFFFFF, true);
        int subVendor = hex(where, f, "subsystem_vendor", 0xFFFF, false);
        int subDevice = hex(where, f, "subsystem_device", 0xFFFF, false);
        int revision = hex(where, f, "revision", 0xFF, false);
        if (revision < 0) {
            revision = f.config().filter(c -> c.length > 8).map(c -> c[8] & 0xFF).orElse(0);
        }
        int numa = f.attribute("numa_node").map(v -> optionalInt(where, "numa_node", v)).orElse(-1);
        OptionalInt iommu = f.iommuGroup().map(g -> {
            try {
                return OptionalInt.of(Integer.parseInt(g));
            } catch (NumberFormatException e) {
                LOG.warn("{}: iommu_group links to \"{}\", not a group number", where, g);
                return OptionalInt.empty();
            }
        }).orElse(OptionalInt.empty());
        String slotKey = slotKey(address);
        return new PcieDevice(address, Math.max(vendor, 0), Math.max(device, 0), Math.max(subVendor, 0),
                Math.max(subDevice, 0), classCode, revision, f.driver(), numa, iommu, parent(f), Optional.ofNullable(slotByDevice.get(slotKey)),
                link(where, f), aer(where, f), ids.vendor(vendor), ids.device(vendor, device));
    }

    /** @return where a function's slot is: domain, bus and device ({@code 0000:02:00}), as a slot's address file says */
    static String slotKey(PcieAddress a) {
        return a.toString().substring(0, 10);
    }

    /** The parent is the PCI address before the device in its resolved path; a root bus has none. */
    static Optional<PcieAddress> parent(DeviceFiles f) {
        String path = f.realPath();
        int last = path.lastIndexOf('/');
        int before = last <= 0 ? -1 : path.lastIndexOf('/', last - 1);
        String above = last <= 0 ? "" : path.substring(before + 1, last);
        return ADDRESS.matcher(above).matches() ? Optional.of(PcieAddress.parse(above)) : Optional.empty();
    }

    /**
     * @param image   one read of the host
     * @param devices its devices
     * @return its slots in name order (numeric names by number), with the functions at their addresses
     */
    public static List<dev.benchhal.pcie.PcieSlot> slots(SysfsImage image, List<PcieDevice> devices) {
        List<dev.benchhal.pcie.PcieSlot> out = new ArrayList<>();
        for (Map.Entry<String, SlotFiles> e : image.slots().entrySet()) {
            SlotFiles f = e.getValue();
            String address = f.address().strip().toLowerCase(java.util.Locale.ROOT);
            List<PcieAddress> functions = devices.stream().map(PcieDevice::address)
                    .filter(a -> slotKey(a).equals(address)).toList();
            out.add(new dev.benchhal.pcie.PcieSlot(e.getKey(), address, flag(f.power()), flag(f.adapter()), functions));
        }
        out.sort(java.util.Comparator.comparing((dev.benchhal.pcie.PcieSlot s) -> s.name().matches("\\d{1,9}") ? Integer.parseInt(s.name()) : Integer.MAX_VALUE)
                .thenComparing(dev.benchhal.pcie.PcieSlot::name));
        return out;
    }

    private static Optional<Boolean> flag(Optional<String> file) {
        return file.map(String::strip).flatMap(v -> v.equals("1") ? Optional.of(true) : v.equals("0") ? Optional.of(false) : Optional.empty());
    }

    /** @return whether the four link files are there and parse (else the configuration space is read for the link) */
    static boolean linkFilesParse(Map<String, String> attributes) {
        try {
            String speed = attributes.get("current_link_speed");
            String width = attributes.get("current_link_width");
            String maxSpeed = attributes.get("max_link_speed");
            String maxWidth = attributes.get("max_link_width");
            if (speed == null || width == null || maxSpeed == null || maxWidth == null) {
                return false;
            }
            gts(speed);
            width(width);
            gts(maxSpeed);
            width(maxWidth);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<PcieLink> link(String where, DeviceFiles f) {
        Optional<String> speed = f.attribute("current_link_speed");
        Optional<String> width = f.attribute("current_link_width");
        Optional<String> maxSpeed = f.attribute("max_link_speed");
        Optional<String> maxWidth = f.attribute("max_link_width");
        if (speed.isPresent() && width.isPresent() && maxSpeed.isPresent() && maxWidth.isPresent()) {
            try {
                return Optional.of(new PcieLink(gts(speed.get()), width(width.get()), gts(maxSpeed.get()), width(maxWidth.get())));
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: link files not understood ({}); trying configuration space", where, e.getMessage());
            }
        }
        return f.config().flatMap(ExpressCapability::link);
    }

    /** @return GT/s from {@code 8.0 GT/s PCIe}; 0 for {@code Unknown} (no link trained) */
    static double gts(String text) {
        String t = text.strip();
        if (t.startsWith("Unknown")) {
            return 0;
        }
        // "8.0 GT/s PCIe" (the pattern SPEED), parsed by hand: this runs for every link of every snapshot
        int unit = t.indexOf(" GT/s");
        String number = unit > 0 ? t.substring(0, unit) : "";
        if (number.isEmpty() || !number.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.') || number.startsWith(".")
                || number.endsWith(".") || number.indexOf('.') != number.lastIndexOf('.')) {
            throw new IllegalArgumentException("link speed \"" + t + "\"");
        }
        return Double.parseDouble(number);
    }

    private static int width(String text) {
        String t = text.strip();
        try {
            return Integer.parseInt(t.startsWith("x") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("link width \"" + t + "\"");
        }
    }

    private static Optional<AerCounters> aer(String where, DeviceFiles f) {
        Optional<String> cor = f.attribute("aer_dev_correctable");
        Optional<String> nonFatal = f.attribute("aer_dev_nonfatal");
        Optional<String> fatal = f.attribute("aer_dev_fatal");
        if (cor.isEmpty() && nonFatal.isEmpty() && fatal.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AerCounters(total(cor), total(nonFatal), total(fatal)));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: AER counters not understood: {}", where, e.getMessage());
            return Optional.empty();
        }
    }

    private static long total(Optional<String> content) {
        return content.map(AerCounts::total).orElse(OptionalLong.of(0)).orElse(0);
    }

    private static int hex(String where, DeviceFiles f, String file, int max, boolean required) {
        Optional<String> text = f.attribute(file);
        if (text.isEmpty()) {
            if (required) {
                throw new ProtocolException(where + "/" + file, "missing: every PCI device has one");
            }
            return -1;
        }
        String t = text.get().strip();
        try {
            if (!t.startsWith("0x")) {
                throw new NumberFormatException();
            }
            int v = Integer.parseUnsignedInt(t.substring(2), 16);
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            String message = "expected a hexadecimal number up to 0x" + Integer.toHexString(max) + ", found \"" + t + "\"";
            if (required) {
                throw new ProtocolException(where + "/" + file, message);
            }
            LOG.warn("{}/{}: {}", where, file, message);
            return -1;
        }
    }

    private static int optionalInt(String where, String file, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            LOG.warn("{}/{}: expected a number, found \"{}\"", where, file, text.strip());
            return -1;
        }
    }

    /** @return whether a sysfs entry name is a full function address ({@code 0000:01:00.0}) */
    static boolean isAddress(String name) {
        return ADDRESS.matcher(name).matches();
    }
}
