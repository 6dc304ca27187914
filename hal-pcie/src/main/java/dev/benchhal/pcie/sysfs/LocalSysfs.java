package dev.benchhal.pcie.sysfs;

import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.channels.FileChannel;
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

    /** Whether {@link #devices} is on the kernel's sysfs (whose attributes are regular files by construction); null until known. */
    private volatile Boolean kernelSysfs;

    private boolean onKernelSysfs() {
        Boolean known = kernelSysfs;
        if (known == null) {
            try {
                known = "sysfs".equals(Files.getFileStore(devices).type());
            } catch (IOException e) {
                known = false;
            }
            kernelSysfs = known;
        }
        return known;
    }

    @Override
    public HostProbe probe(HostProbe.Request request) {
        List<String> unreadable = new java.util.concurrent.CopyOnWriteArrayList<>();
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

    /** Reads only the named functions' directories (and the slots): a poll of one device reads a dozen files, not the tree. */
    @Override
    public SysfsImage probeFunctions(java.util.Set<dev.benchhal.pcie.PcieAddress> addresses) {
        if (!Files.isDirectory(devices)) {
            throw new NotFoundException(devices.toString(), "no PCI devices directory (is sysfs mounted?)");
        }
        List<String> unreadable = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean guard = !onKernelSysfs();
        List<DeviceFiles> found = new ArrayList<>();
        for (dev.benchhal.pcie.PcieAddress a : addresses) {
            Path dir = devices.resolve(a.toString());
            if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                read(dir, guard, unreadable).ifPresent(found::add);
            }
        }
        return new SysfsImage(devices.toString(), found, readSlots(unreadable), unreadable);
    }

    private List<DeviceFiles> readDevices(List<String> unreadable) {
        if (!Files.isDirectory(devices)) {
            throw new NotFoundException(devices.toString(), "no PCI devices directory (is sysfs mounted?)");
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(devices)) {
            listing.forEach(dirs::add);
        } catch (IOException e) {
            throw new HalException(devices.toString(), "cannot list: " + e, e);
        }
        // each device is a dozen small files: read devices side by side (file reads block, the CPUs do not)
        boolean guard = !onKernelSysfs();
        return (dirs.size() < PARALLEL_FROM ? dirs.stream() : dirs.parallelStream())
                .map(dir -> read(dir, guard, unreadable)).flatMap(Optional::stream).toList();
    }

    /** Fewer devices than this are read on the calling thread alone. */
    private static final int PARALLEL_FROM = 32;

    /**
     * @return the device's files; empty when it vanished while being read (a hot-swap in progress), or
     *         when its directory cannot be resolved (a symbolic link loop: said in {@code unreadable})
     */
    private Optional<DeviceFiles> read(Path dir, boolean guard, List<String> unreadable) {
        String real;
        try {
            real = realPath(dir);
        } catch (NoSuchFileException gone) {
            LOG.debug("{} vanished while it was read", dir);
            return Optional.empty();
        } catch (IOException e) {
            unreadable.add(dir + ": cannot resolve the device directory (" + e.getMessage() + "); device left out");
            return Optional.empty();
        }
        // the files are opened relative to the open directory (no path resolution through the devices
        // symlink for every file), and only those the one listing found (no failed open per absent file)
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            java.util.Set<String> present = new java.util.HashSet<>();
            listing.forEach(f -> present.add(f.getFileName().toString()));
            DeviceDirectory d = new DeviceDirectory(dir, listing instanceof java.nio.file.SecureDirectoryStream<Path> secure
                    ? secure : null, guard);
            Map<String, String> attributes = new HashMap<>();
            for (String name : SysfsFiles.ATTRIBUTES) {
                if (!present.contains(name)) {
                    continue;
                }
                try {
                    attributes.put(name, d.readAttribute(name));
                } catch (NotARegularFile e) {
                    unreadable.add(e.getMessage());
                } catch (NoSuchFileException | AccessDeniedException absent) {
                    // gone since the listing, or not readable by this user
                } catch (IOException e) {
                    // sysfs answers EIO or ENODEV for a function that is powered down or being removed
                    LOG.debug("{}/{}: {}", dir, name, e.toString());
                }
            }
            // configuration reads are bus accesses: only what is used, the capability chain only without
            // link files that parse (garbage in them is no reason to lose the link the configuration space holds)
            Optional<byte[]> config = Optional.empty();
            if (present.contains("config")) {
                // bridges also for their port type: which end of a link they are
                boolean bridge = attributes.getOrDefault("class", "").startsWith(String.format("0x%04x", dev.benchhal.pcie.PcieDevice.PCI_BRIDGE_CLASS));
                try (FileChannel ch = d.open("config")) {
                    config = Optional.of(ConfigReader.read(ch, dir.resolve("config"), bridge || !DeviceParser.linkFilesParse(attributes)));
                } catch (NotARegularFile | ConfigReader.TruncatedConfig e) {
                    unreadable.add(e.getMessage());
                } catch (IOException e) {
                    LOG.debug("{}/config: {}", dir, e.toString());
                }
            }
            Optional<String> driver = present.contains("driver") ? linkName(dir.resolve("driver")) : Optional.empty();
            Optional<String> group = present.contains("iommu_group") ? linkName(dir.resolve("iommu_group")) : Optional.empty();
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
            unreadable.add(dir + ": cannot read the device directory (" + e.getMessage() + "); device left out");
            return Optional.empty();
        }
    }

    /**
     * The resolved device directory, which names the parent bridge. The kernel links each entry of
     * {@code devices} to its place in the hierarchy: one readlink resolves it, where a full
     * {@code realpath} reads a link per path component. A plain directory (a test tree) is resolved fully.
     */
    private static String realPath(Path dir) throws IOException {
        Path target;
        try {
            target = Files.readSymbolicLink(dir);
        } catch (java.nio.file.NotLinkException | UnsupportedOperationException plain) {
            return dir.toRealPath().toString();
        }
        Path resolved = (dir.getParent() == null ? target : dir.getParent().resolve(target)).normalize();
        if (Files.isSymbolicLink(resolved)) {
            return dir.toRealPath().toString();     // a chain of links: resolve it fully (and find a loop)
        }
        return resolved.toString();
    }

    /** Files of one open device directory: relative to it where the platform can, by path otherwise. */
    private static final class DeviceDirectory {
        private final Path dir;
        private final java.nio.file.SecureDirectoryStream<Path> secure;
        private final boolean guard;

        DeviceDirectory(Path dir, java.nio.file.SecureDirectoryStream<Path> secure, boolean guard) {
            this.dir = dir;
            this.secure = secure;
            this.guard = guard;
        }

        /** Opens a file for reading, after checking it is a regular file where it might not be. */
        FileChannel open(String name) throws IOException {
            Path relative = Path.of(name);
            if (guard) {
                java.nio.file.attribute.BasicFileAttributes a = secure == null
                        ? Files.readAttributes(dir.resolve(name), java.nio.file.attribute.BasicFileAttributes.class)
                        : secure.getFileAttributeView(relative, java.nio.file.attribute.BasicFileAttributeView.class).readAttributes();
                requireRegular(dir.resolve(name), a);
            }
            java.nio.channels.SeekableByteChannel ch = secure == null
                    ? FileChannel.open(dir.resolve(name), StandardOpenOption.READ)
                    : secure.newByteChannel(relative, java.util.Set.of(StandardOpenOption.READ));
            if (ch instanceof FileChannel fc) {
                return fc;
            }
            ch.close();
            return FileChannel.open(dir.resolve(name), StandardOpenOption.READ);
        }

        /** Reads an attribute: one read of at most a page, trailing white space removed. */
        String readAttribute(String name) throws IOException {
            java.nio.ByteBuffer buffer = BUFFER.get().clear();
            try (FileChannel ch = open(name)) {
                while (buffer.hasRemaining()) {
                    int wanted = buffer.remaining();
                    int n = ch.read(buffer);
                    if (n < wanted) {
                        break;      // the end (a short read of a regular file is its end: one read for a sysfs attribute)
                    }
                }
            }
            if (!buffer.hasRemaining()) {
                throw new NotARegularFile(dir.resolve(name), "more than " + SysfsFiles.MAX_ATTRIBUTE_BYTES
                        + " bytes, longer than any sysfs attribute");
            }
            int end = buffer.position();
            while (end > 0 && Character.isWhitespace((char) (buffer.get(end - 1) & 0xFF))) {
                end--;
            }
            byte[] bytes = new byte[end];
            buffer.get(0, bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** One read buffer per thread, direct (no copy through a temporary one): a page, the most a sysfs attribute holds, and a byte more. */
    private static final ThreadLocal<java.nio.ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> java.nio.ByteBuffer.allocateDirect(SysfsFiles.MAX_ATTRIBUTE_BYTES + 1));

    static void requireRegular(Path file, java.nio.file.attribute.BasicFileAttributes a) throws NotARegularFile {
        if (!a.isRegularFile()) {
            throw new NotARegularFile(file, "not a regular file ("
                    + (a.isDirectory() ? "a directory" : a.isOther() ? "a named pipe or device node" : "not a file") + ")");
        }
    }

    /** A named pipe, a device node or a directory where sysfs has a regular file: never opened, never waited on. */
    static final class NotARegularFile extends IOException {
        private static final long serialVersionUID = 1L;

        NotARegularFile(Path file, String what) {
            super(file + ": " + what + "; not read");
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
                    DeviceDirectory d = new DeviceDirectory(slot, null, true);
                    SlotFiles files = SlotFiles.at(d.readAttribute("address").strip());
                    for (String name : SlotFiles.ATTRIBUTES) {
                        try {
                            files = files.with(name, d.readAttribute(name).strip());
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
