package dev.benchhal.pcie.sysfs;

import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.shell.local.LocalHostShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This machine's PCI sysfs, read in process: {@code /sys/bus/pci/devices} or another directory
 * laid out the same way (a test tree, a chroot). Slots are read from {@code ../slots} beside it,
 * control files written below its parent. {@code lspci} and {@code dmidecode} run through the local
 * HostShell when the dump asks for them, and only for the real {@code /sys/bus/pci/devices}.
 */
public final class LocalSysfs implements SysfsSource {

    /** Where Linux has it. */
    public static final Path DEFAULT_DEVICES = Path.of("/sys/bus/pci/devices");
    /** Where Linux has it. */
    public static final Path DEFAULT_CPUINFO = Path.of("/proc/cpuinfo");

    private static final Logger LOG = LoggerFactory.getLogger(LocalSysfs.class);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    /** Header and the standard capability list, where the PCI Express capability lives. */
    static final int CAPABILITY_BYTES = 256;

    private final Path devices;
    private final Path bus;
    private final Path cpuinfo;
    private final HostShell shell;

    /**
     * @param devices the devices directory ({@link #DEFAULT_DEVICES})
     * @param cpuinfo the cpuinfo file ({@link #DEFAULT_CPUINFO})
     * @param shell   where {@code lspci} and {@code dmidecode} run
     */
    public LocalSysfs(Path devices, Path cpuinfo, HostShell shell) {
        this.devices = devices.toAbsolutePath();
        this.bus = this.devices.getParent();
        this.cpuinfo = cpuinfo;
        this.shell = shell;
    }

    /** @return this machine's sysfs */
    public static LocalSysfs system() {
        return new LocalSysfs(DEFAULT_DEVICES, DEFAULT_CPUINFO, new LocalHostShell());
    }

    @Override
    public HostProbe probe(HostProbe.Request request) {
        List<String> unreadable = new ArrayList<>();
        SysfsImage image = new SysfsImage(devices.toString(), readDevices(unreadable), readSlots(unreadable), unreadable);
        Optional<String> cpu = Optional.empty();
        if (request.cpuinfo()) {
            try {
                cpu = Optional.of(Files.readString(cpuinfo, StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", cpuinfo, e.toString());
            }
        }
        // lspci and dmidecode describe this machine: for a tree in a directory they would tell about another one
        boolean system = devices.equals(DEFAULT_DEVICES);
        Optional<List<String>> tree = request.lspciTree() && system ? tool("lspci", "-tv") : Optional.empty();
        Optional<List<String>> board = request.baseboard() && system ? tool("dmidecode", "-t", "baseboard")
                .map(l -> l.subList(0, Math.min(SysfsFiles.BASEBOARD_LINES, l.size()))) : Optional.empty();
        return new HostProbe(image, cpu, tree, board);
    }

    private List<DeviceFiles> readDevices(List<String> unreadable) {
        if (!Files.isDirectory(devices)) {
            throw new NotFoundException(devices.toString(), "no PCI devices directory (is sysfs mounted?)");
        }
        List<DeviceFiles> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(devices)) {
            for (Path dir : dirs) {
                read(dir, unreadable).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new HalException(devices.toString(), "cannot list: " + e, e);
        }
        return out;
    }

    /**
     * @return the device's files; empty when it vanished while being read (a hot-swap in progress), or
     *         when its directory cannot be resolved (a symbolic link loop: said in {@code unreadable})
     */
    private Optional<DeviceFiles> read(Path dir, List<String> unreadable) {
        try {
            String real;
            try {
                real = dir.toRealPath().toString();
            } catch (NoSuchFileException gone) {
                throw gone;
            } catch (IOException e) {
                unreadable.add(dir + ": cannot resolve the device directory (" + e.getMessage() + "); device left out");
                return Optional.empty();
            }
            Map<String, String> attributes = new HashMap<>();
            for (String name : SysfsFiles.ATTRIBUTES) {
                Path file = dir.resolve(name);
                try {
                    readAttribute(file).ifPresent(text -> attributes.put(name, text));
                } catch (NotARegularFile e) {
                    unreadable.add(e.getMessage());
                } catch (NoSuchFileException | AccessDeniedException absent) {
                    // optional attribute, or not readable by this user
                } catch (IOException e) {
                    // sysfs answers EIO or ENODEV for a function that is powered down or being removed
                    LOG.debug("{}: {}", file, e.toString());
                }
            }
            // configuration reads are bus accesses: only what is used, the capability chain only without
            // link files that parse (garbage in them is no reason to lose the link the configuration space holds)
            Optional<byte[]> config;
            Path configFile = dir.resolve("config");
            try {
                requireRegularFile(configFile);
                // bridges also for their port type: which end of a link they are
                boolean bridge = attributes.getOrDefault("class", "").startsWith("0x0604");
                config = Optional.of(ConfigReader.read(configFile, bridge || !DeviceParser.linkFilesParse(attributes)));
            } catch (NotARegularFile | ConfigReader.TruncatedConfig e) {
                unreadable.add(e.getMessage());
                config = Optional.empty();
            } catch (IOException e) {
                config = Optional.empty();
            }
            Optional<String> driver = linkName(dir.resolve("driver"));
            Optional<String> group = linkName(dir.resolve("iommu_group"));
            // a function removed while it was read lost files on the way: its entry goes before its files do
            if (!Files.exists(dir)) {
                LOG.debug("{} vanished while it was read", dir);
                return Optional.empty();
            }
            return Optional.of(new DeviceFiles(dir.getFileName().toString(), real, attributes, driver, group, config));
        } catch (NoSuchFileException gone) {
            LOG.debug("{} vanished while it was read", dir);
            return Optional.empty();
        } catch (IOException e) {
            throw new HalException(dir.toString(), "cannot read: " + e, e);
        }
    }

    /** A named pipe, a device node or a directory where sysfs has a regular file: never opened, never waited on. */
    static final class NotARegularFile extends IOException {
        private static final long serialVersionUID = 1L;

        NotARegularFile(Path file, String what) {
            super(file + ": " + what + "; not read");
        }
    }

    static void requireRegularFile(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new NotARegularFile(file, "not a regular file ("
                    + (a.isDirectory() ? "a directory" : a.isOther() ? "a named pipe or device node" : "not a file") + ")");
        }
    }

    /** Reads an attribute file, at most {@link #SysfsFiles.MAX_ATTRIBUTE_BYTES}; empty when it does not exist. */
    private static Optional<String> readAttribute(Path file) throws IOException {
        requireRegularFile(file);
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(SysfsFiles.MAX_ATTRIBUTE_BYTES + 1);
            if (bytes.length > SysfsFiles.MAX_ATTRIBUTE_BYTES) {
                throw new NotARegularFile(file, "more than " + SysfsFiles.MAX_ATTRIBUTE_BYTES + " bytes, longer than any sysfs attribute");
            }
            return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1).stripTrailing());
        }
    }

    private static Optional<String> linkName(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        } catch (IOException | UnsupportedOperationException notALink) {
            return Optional.empty();
        }
    }

    private Map<String, SlotFiles> readSlots(List<String> unreadable) {
        Path slots = bus.resolve("slots");
        Map<String, SlotFiles> out = new HashMap<>();
        if (!Files.isDirectory(slots)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(slots)) {
            for (Path slot : dirs) {
                try {
                    Optional<String> address = readAttribute(slot.resolve("address"));
                    if (address.isEmpty()) {
                        continue;
                    }
                    SlotFiles files = SlotFiles.at(address.get().strip());
                    for (String name : SlotFiles.ATTRIBUTES) {
                        try {
                            Optional<String> value = readAttribute(slot.resolve(name));
                            if (value.isPresent()) {
                                files = files.with(name, value.get().strip());
                            }
                        } catch (NoSuchFileException | AccessDeniedException absent) {
                            // not a hot-plug slot, or not readable by this user
                        }
                    }
                    out.put(slot.getFileName().toString(), files);
                } catch (NotARegularFile e) {
                    unreadable.add(e.getMessage());
                } catch (IOException e) {
                    LOG.debug("slot {} has no readable address: {}", slot, e.toString());
                }
            }
        } catch (IOException e) {
            throw new HalException(slots.toString(), "cannot list: " + e, e);
        }
        return out;
    }

    private Optional<List<String>> tool(String... argv) {
        try {
            CommandResult r = shell.run(Command.of(argv).withTimeout(TOOL_TIMEOUT));
            if (!r.succeeded()) {
                LOG.debug("{} exited {}: {}", argv[0], r.exitCode(), r.stderrText().strip());
                return Optional.empty();
            }
            return Optional.of(r.stdoutText().lines().toList());
        } catch (HalException e) {
            LOG.debug("{} is not available: {}", argv[0], e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void write(String relativePath, String value) {
        Path file = bus.resolve(relativePath).normalize();
        if (!file.startsWith(bus)) {
            throw new IllegalArgumentException("not below " + bus + ": " + relativePath);
        }
        try {
            // WRITE without CREATE: a control file that does not exist is an error, never a new file
            Files.writeString(file, value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            LOG.info("wrote {} to {}", value, file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(file.toString(), "no such control file");
        } catch (AccessDeniedException e) {
            throw new HalException(file.toString(), "permission denied: writing PCI control files needs root");
        } catch (IOException e) {
            throw new HalException(file.toString(), "write of \"" + value + "\" failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return devices.toString();
    }
}
