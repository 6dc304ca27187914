package dev.benchhal.harness.passthrough;

import dev.benchhal.error.HalException;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.hypervisor.NodeDevice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the passthrough campaign checks before it deploys anything (the seed's prerequisites check): the hypervisor
 * answers and holds no domain of the cluster from an earlier run, the boot images and the SSH key are there (the key
 * readable by its owner only), and every device to pass through is on the host with the vendor and device ids the
 * cluster file gives, bound to {@code vfio-pci}. Emulated stand-ins need nothing from the host.
 *
 * @param checks every check, in order
 */
public record Prerequisites(List<Check> checks) {

    /**
     * One check.
     *
     * @param what   what was checked
     * @param passed whether it holds
     * @param detail what was found, and on failure what to do
     */
    public record Check(String what, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "ok    " : "FAIL  ") + what + ": " + detail;
        }
    }

    /** @return whether every check passed */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** @return one line per check, the report the command prints */
    public String text() {
        return checks.stream().map(Check::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * Checks a cluster against its hypervisor. The images and the key are looked for on this machine (a remote
     * hypervisor reads images on its own host: the check then says so and passes).
     *
     * @param cluster    the cluster
     * @param hypervisor its hypervisor, open; blocks for its calls
     * @param local      whether the hypervisor runs on this machine (its images are then checked here)
     * @return every check
     */
    public static Prerequisites check(ClusterFile cluster, HypervisorClient hypervisor, boolean local) {
        List<Check> checks = new ArrayList<>();
        List<DomainInfo> domains;
        try {
            domains = hypervisor.domains();
            checks.add(new Check("hypervisor", true, cluster.hypervisor() + " answers (" + domains.size() + " domains)"));
        } catch (HalException e) {
            checks.add(new Check("hypervisor", false, cluster.hypervisor() + " does not answer: " + e.getMessage()));
            domains = null;
        }
        if (domains != null) {
            Set<String> ours = cluster.nodes().stream().map(n -> n.domain(cluster.cluster())).collect(Collectors.toSet());
            List<String> left = domains.stream().map(DomainInfo::name).filter(ours::contains).sorted().toList();
            checks.add(left.isEmpty() ? new Check("no earlier domains", true, "none of " + String.join(", ", sorted(ours)) + " exists")
                    : new Check("no earlier domains", false, String.join(", ", left) + " exist from an earlier run: remove them "
                    + "(virsh destroy and undefine) or name the cluster otherwise"));
        }
        for (Path image : cluster.boot().images()) {
            if (!local) {
                checks.add(new Check("image " + image.getFileName(), true, "not checked here: the hypervisor reads " + image
                        + " on its own host"));
            } else if (Files.isReadable(image) && Files.isRegularFile(image)) {
                checks.add(new Check("image " + image.getFileName(), true, image + " (" + size(image) + ")"));
            } else {
                checks.add(new Check("image " + image.getFileName(), false, image + " is missing or not readable: build it "
                        + "or fix boot: in " + cluster.file()));
            }
        }
        checks.add(key(cluster.sshKey()));
        boolean real = cluster.nodes().stream().flatMap(n -> n.devices().stream()).anyMatch(d -> d.address().isPresent());
        if (real && domains != null) {
            List<NodeDevice> host;
            try {
                host = hypervisor.pciNodeDevices();
            } catch (HalException e) {
                checks.add(new Check("host devices", false, "the hypervisor cannot list its PCI devices: " + e.getMessage()));
                return new Prerequisites(List.copyOf(checks));
            }
            Map<String, NodeDevice> byAddress = host.stream().collect(Collectors.toMap(d -> d.address().toString(),
                    Function.identity(), (a, b) -> a));
            for (ClusterFile.Node node : cluster.nodes()) {
                for (ClusterFile.Device d : node.devices()) {
                    d.address().ifPresent(address -> checks.add(device(node, d, Optional.ofNullable(byAddress.get(address.toString())))));
                }
            }
        }
        return new Prerequisites(List.copyOf(checks));
    }

    private static Check device(ClusterFile.Node node, ClusterFile.Device d, Optional<NodeDevice> found) {
        String what = "device " + d.address().orElseThrow() + " (" + node.name() + " " + d.name() + ")";
        if (found.isEmpty()) {
            return new Check(what, false, "not on the hypervisor's host");
        }
        NodeDevice n = found.get();
        String ids = String.format("%04x:%04x", n.vendorId(), n.deviceId());
        if (!ids.equals(d.vendorId() + ":" + d.deviceId())) {
            return new Check(what, false, "is " + ids + ", the cluster file says " + d.vendorId() + ":" + d.deviceId());
        }
        String driver = n.driver().orElse("no driver");
        if (!driver.equals("vfio-pci")) {
            return new Check(what, false, ids + " is bound to " + driver + ", not vfio-pci: detach it for passthrough "
                    + "(virsh nodedev-detach " + n.name() + ")");
        }
        return new Check(what, true, ids + " bound to vfio-pci");
    }

    private static Check key(Path key) {
        if (!Files.isReadable(key)) {
            return new Check("ssh key", false, key + " is missing or not readable (--ssh-key, or ssh: key: in the cluster file)");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(key);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                return new Check("ssh key", false, key + " is readable by others: chmod 600 " + key);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return new Check("ssh key", true, key + " (permissions not checked: " + e.getMessage() + ")");
        }
        return new Check("ssh key", true, key.toString());
    }

    private static String size(Path file) {
        try {
            return Files.size(file) / 1024 + " KiB";
        } catch (IOException e) {
            return "size unknown";
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
