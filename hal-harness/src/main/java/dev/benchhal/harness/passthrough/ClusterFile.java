package dev.benchhal.harness.passthrough;

import dev.benchhal.core.bench.ConfigFile;
import dev.benchhal.core.bench.ConfigFile.Node;
import dev.benchhal.error.ConfigException;
import dev.benchhal.hypervisor.DomainSpec.EmulatedDevice;
import dev.benchhal.pcie.PcieAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cluster description for the passthrough campaign (the seed's {@code configs/test-*.yaml}): the hypervisor, how
 * guests boot and are reached, and the nodes with the PCIe devices each must see. Read with {@link #load(Path)}:
 *
 * <pre>{@code
 * cluster: pcie-minimal                    # domains are named CLUSTER-NODE
 * hypervisor: "libvirt:qemu:///system"     # a HypervisorClient URI
 * ssh: {user: admin, key: keys/id_ed25519} # how the guests are logged into (port 22)
 * network: default                         # a libvirt network (addresses from its leases), or "user"
 * boot: {disk: images/hpc-base.qcow2}      # or {kernel: ..., initrd: ..., cmdline: ...}
 * timeouts: {address: 5m, ssh: 5m, scripts: 10m}
 * nodes:                                   # or compute_nodes, as in the seed
 *   - name: compute-0
 *     memory_mib: 4096
 *     vcpus: 4
 *     pcie_passthrough:
 *       enabled: true
 *       devices:
 *         - pci_address: "0000:01:00.0"    # passed through (bound to vfio-pci on the host)
 *           device_type: gpu
 *           vendor_id: "10de"
 *           device_id: "2684"
 *           driver: nvidia                 # the guest driver that must bind it
 *           device_files: ["/dev/nvidia0"]
 * }</pre>
 *
 * A device may be {@code emulated: virtio-rng} (or {@code watchdog-i6300esb}) instead of {@code pci_address}: QEMU
 * emulates a stand-in with those ids, for runs where real passthrough cannot happen (CI, a laptop). With
 * {@code network: user} each guest's SSH is forwarded from a free port of 127.0.0.1 and the guest reaches nothing else.
 *
 * @param file       where it was read from
 * @param cluster    the cluster's name, the prefix of its domains
 * @param hypervisor the hypervisor's URI
 * @param sshUser    the guests' user
 * @param sshKey     the private key that logs in
 * @param sshPort    the guests' SSH port
 * @param network    a libvirt network, or {@link #USER_NETWORK}
 * @param boot       how every node boots
 * @param timeouts   how long each wait may take
 * @param validation a directory of validation scripts with {@code run-all-tests.sh}, empty for the built-in ones
 * @param nodes      the nodes, in order
 */
public record ClusterFile(Path file, String cluster, String hypervisor, String sshUser, Path sshKey, int sshPort,
                          String network, Boot boot, Timeouts timeouts, Optional<Path> validation, List<Node> nodes) {

    /** The {@code network} value for QEMU's user-mode network with SSH forwarded from 127.0.0.1. */
    public static final String USER_NETWORK = "user";

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,30}");
    private static final Pattern HEX4 = Pattern.compile("[0-9a-f]{4}");
    private static final Pattern DRIVER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern DEVICE_FILE = Pattern.compile("/[A-Za-z0-9_./*-]{1,200}");

    /**
     * How guests boot: from a disk image, or a kernel and an initrd.
     *
     * @param disk    a disk image (qcow2 or raw, by extension), empty for kernel boot
     * @param kernel  a kernel, empty for disk boot
     * @param initrd  an initrd for the kernel
     * @param cmdline the kernel's command line
     */
    public record Boot(Optional<Path> disk, Optional<Path> kernel, Optional<Path> initrd, String cmdline) {
        /** @return the files the hypervisor reads, in order */
        public List<Path> images() {
            List<Path> images = new ArrayList<>();
            disk.ifPresent(images::add);
            kernel.ifPresent(images::add);
            initrd.ifPresent(images::add);
            return images;
        }
    }

    /**
     * How long each wait may take.
     *
     * @param address for a guest's address (from the network's leases; immediate with the user network)
     * @param ssh     for a guest's SSH server to let the user in
     * @param scripts for the validation scripts of one guest
     */
    public record Timeouts(Duration address, Duration ssh, Duration scripts) {
    }

    /**
     * A node: one domain.
     *
     * @param name      its name in the cluster
     * @param memoryMiB memory
     * @param vcpus     virtual CPUs
     * @param devices   the PCIe devices it must see
     */
    public record Node(String name, long memoryMiB, int vcpus, List<Device> devices) {
        /**
         * @param cluster the cluster's name
         * @return the domain's name: {@code CLUSTER-NODE}
         */
        public String domain(String cluster) {
            return cluster + "-" + name;
        }
    }

    /**
     * A PCIe device a node must see: passed through from the host, or emulated as a stand-in.
     *
     * @param name        a name for reports: the device type and the index
     * @param address     the host function passed through, empty for an emulated one
     * @param emulated    the stand-in QEMU emulates, empty for a passed-through one
     * @param type        the seed's {@code device_type} ({@code gpu}, ...)
     * @param vendorId    four lower-case hex digits
     * @param deviceId    four lower-case hex digits
     * @param driver      the guest driver that must bind it, empty to not check
     * @param deviceFiles files (globs) that must exist in the guest
     */
    public record Device(String name, Optional<PcieAddress> address, Optional<EmulatedDevice> emulated, String type,
                         String vendorId, String deviceId, Optional<String> driver, List<String> deviceFiles) {
    }

    /**
     * Reads a cluster file.
     *
     * @param file the file (YAML)
     * @return the cluster
     * @throws dev.benchhal.error.NotFoundException when the file does not exist
     * @throws ConfigException naming the line and key that is wrong
     */
    public static ClusterFile load(Path file) {
        ConfigFile config = ConfigFile.load(file, "cluster file");
        ConfigFile.Node root = config.root();
        Map<String, ConfigFile.Node> top = root.map(Set.of("cluster", "hypervisor", "ssh", "network", "boot", "timeouts",
                "validation", "nodes", "compute_nodes"));
        String cluster = name(root.required(top, "cluster"));
        String hypervisor = root.required(top, "hypervisor").text();
        ConfigFile.Node sshNode = root.required(top, "ssh");
        Map<String, ConfigFile.Node> ssh = sshNode.map(Set.of("user", "key", "port"));
        String user = ConfigFile.Node.optional(ssh, "user").map(ConfigFile.Node::text).orElse("admin");
        if (!USER.matcher(user).matches()) {
            throw sshNode.error("user \"" + user + "\" is not a user name");
        }
        Path key = sshNode.required(ssh, "key").path(false);
        long port = ConfigFile.Node.optional(ssh, "port").map(ConfigFile.Node::integer).orElse(22L);
        if (port < 1 || port > 65535) {
            throw sshNode.error("port " + port + ": expected 1..65535");
        }
        String network = ConfigFile.Node.optional(top, "network").map(ConfigFile.Node::text).orElse("default");
        ConfigFile.Node bootNode = root.required(top, "boot");
        Map<String, ConfigFile.Node> b = bootNode.map(Set.of("disk", "kernel", "initrd", "cmdline"));
        Boot boot = new Boot(ConfigFile.Node.optional(b, "disk").map(n -> n.path(false)),
                ConfigFile.Node.optional(b, "kernel").map(n -> n.path(false)),
                ConfigFile.Node.optional(b, "initrd").map(n -> n.path(false)),
                ConfigFile.Node.optional(b, "cmdline").map(ConfigFile.Node::text).orElse("console=ttyS0"));
        if (boot.disk().isPresent() == boot.kernel().isPresent()) {
            throw bootNode.error("give either disk (an image) or kernel (with initrd and cmdline)");
        }
        Map<String, ConfigFile.Node> t = ConfigFile.Node.optional(top, "timeouts")
                .map(n -> n.map(Set.of("address", "ssh", "scripts"))).orElse(Map.of());
        Timeouts timeouts = new Timeouts(duration(t, "address", Duration.ofMinutes(5)), duration(t, "ssh", Duration.ofMinutes(5)),
                duration(t, "scripts", Duration.ofMinutes(10)));
        Optional<Path> validation = ConfigFile.Node.optional(top, "validation").map(n -> n.path(true));
        ConfigFile.Node nodesNode = ConfigFile.Node.optional(top, "nodes").or(() -> ConfigFile.Node.optional(top, "compute_nodes"))
                .orElseThrow(() -> root.error("lists no nodes (nodes: or compute_nodes:)"));
        List<Node> nodes = new ArrayList<>();
        for (ConfigFile.Node n : nodesNode.list()) {
            nodes.add(node(n));
        }
        if (nodes.isEmpty()) {
            throw nodesNode.error("lists no nodes");
        }
        if (nodes.stream().map(Node::name).distinct().count() < nodes.size()) {
            throw nodesNode.error("two nodes have the same name");
        }
        return new ClusterFile(file, cluster, hypervisor, user, key, (int) port, network, boot, timeouts, validation,
                List.copyOf(nodes));
    }

    private static Node node(ConfigFile.Node n) {
        Map<String, ConfigFile.Node> m = n.map(Set.of("name", "memory_mib", "vcpus", "pcie_passthrough"));
        String name = name(n.required(m, "name"));
        long memory = ConfigFile.Node.optional(m, "memory_mib").map(ConfigFile.Node::integer).orElse(512L);
        long vcpus = ConfigFile.Node.optional(m, "vcpus").map(ConfigFile.Node::integer).orElse(1L);
        if (memory < 64 || vcpus < 1 || vcpus > 256) {
            throw n.error("memory_mib " + memory + " and vcpus " + vcpus + ": expected at least 64 MiB and 1..256 vCPUs");
        }
        List<Device> devices = new ArrayList<>();
        Optional<ConfigFile.Node> pt = ConfigFile.Node.optional(m, "pcie_passthrough");
        if (pt.isPresent()) {
            Map<String, ConfigFile.Node> p = pt.get().map(Set.of("enabled", "devices"));
            boolean enabled = ConfigFile.Node.optional(p, "enabled").map(x -> Boolean.parseBoolean(x.text())).orElse(true);
            if (enabled) {
                List<ConfigFile.Node> list = pt.get().required(p, "devices").list();
                for (int i = 0; i < list.size(); i++) {
                    devices.add(device(list.get(i), i));
                }
            }
        }
        return new Node(name, memory, (int) vcpus, List.copyOf(devices));
    }

    private static Device device(ConfigFile.Node n, int index) {
        Map<String, ConfigFile.Node> d = n.map(Set.of("pci_address", "emulated", "device_type", "vendor_id", "device_id",
                "driver", "device_files"));
        Optional<ConfigFile.Node> address = ConfigFile.Node.optional(d, "pci_address");
        Optional<ConfigFile.Node> emulated = ConfigFile.Node.optional(d, "emulated");
        if (address.isPresent() == emulated.isPresent()) {
            throw n.error("give either pci_address (a host function passed through) or emulated (a stand-in QEMU emulates: "
                    + "virtio-rng or watchdog-i6300esb)");
        }
        Optional<PcieAddress> pci;
        try {
            pci = address.map(a -> PcieAddress.parse(a.text()));
        } catch (IllegalArgumentException e) {
            throw address.get().error(e.getMessage());
        }
        Optional<EmulatedDevice> stand = emulated.map(e -> e.choice(EmulatedDevice.values()));
        String type = ConfigFile.Node.optional(d, "device_type").map(ConfigFile.Node::text)
                .orElse(stand.isPresent() ? "stand-in" : "device");
        if (!DRIVER.matcher(type).matches()) {
            throw n.error("device_type \"" + type + "\": letters, digits, '.', '_' and '-' only");
        }
        String vendor = hex(n, d, "vendor_id", stand.map(EmulatedDevice::vendorId));
        String device = hex(n, d, "device_id", stand.map(EmulatedDevice::deviceId));
        if (stand.isPresent() && !(vendor.equals(stand.get().vendorId()) && device.equals(stand.get().deviceId()))) {
            throw n.error("emulated " + stand.get().name().toLowerCase(Locale.ROOT).replace('_', '-') + " has the ids "
                    + stand.get().vendorId() + ":" + stand.get().deviceId() + ", not " + vendor + ":" + device);
        }
        Optional<String> driver = ConfigFile.Node.optional(d, "driver").map(ConfigFile.Node::text);
        if (driver.isPresent() && !DRIVER.matcher(driver.get()).matches()) {
            throw d.get("driver").error("driver \"" + driver.get() + "\" is not a driver name");
        }
        List<String> files = ConfigFile.Node.optional(d, "device_files").map(ConfigFile.Node::texts).orElse(List.of());
        for (String f : files) {
            if (!DEVICE_FILE.matcher(f).matches()) {
                throw d.get("device_files").error("\"" + f + "\": expected an absolute path of letters, digits, '_', '.', "
                        + "'-', '/' and '*'");
            }
        }
        return new Device(type + index, pci, stand, type, vendor, device, driver, List.copyOf(files));
    }

    private static String hex(ConfigFile.Node n, Map<String, ConfigFile.Node> d, String key, Optional<String> fallback) {
        Optional<ConfigFile.Node> value = ConfigFile.Node.optional(d, key);
        if (value.isEmpty()) {
            return fallback.orElseThrow(() -> n.error("needs " + key + " (four hex digits)"));
        }
        String hex = value.get().text().toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
        if (!HEX4.matcher(hex).matches()) {
            throw value.get().error("\"" + value.get().text() + "\": expected four hex digits such as 10de");
        }
        return hex;
    }

    private static String name(ConfigFile.Node n) {
        String name = n.text();
        if (!NAME.matcher(name).matches()) {
            throw n.error("\"" + name + "\": use 1..31 letters, digits, '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    private static Duration duration(Map<String, ConfigFile.Node> t, String key, Duration fallback) {
        Duration d = ConfigFile.Node.optional(t, key).map(ConfigFile.Node::duration).orElse(fallback);
        if (d.isZero() || d.isNegative()) {
            throw t.get(key).error("must be positive");
        }
        return d;
    }

    /**
     * @param user a user name that replaces the file's ({@code --ssh-user})
     * @param key  a key that replaces the file's ({@code --ssh-key})
     * @return this cluster with those
     * @throws ConfigException when the user is not a user name
     */
    public ClusterFile withSsh(Optional<String> user, Optional<Path> key) {
        if (user.isPresent() && !USER.matcher(user.get()).matches()) {
            throw new ConfigException("--ssh-user", "\"" + user.get() + "\" is not a user name");
        }
        return new ClusterFile(file, cluster, hypervisor, user.orElse(sshUser), key.orElse(sshKey), sshPort, network, boot,
                timeouts, validation, nodes);
    }
}
