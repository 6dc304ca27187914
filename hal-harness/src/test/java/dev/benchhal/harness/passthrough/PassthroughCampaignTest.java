package dev.benchhal.harness.passthrough;

import dev.benchhal.harness.Failure;
import dev.benchhal.harness.RecordLog;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.guest.PrivateLibvirtd;
import dev.benchhal.tck.guest.TinyGuest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passthrough campaign on a real hypervisor: a private libvirtd whose QEMU emulates in software boots the tiny
 * guest built from Debian's packages ({@link TinyGuest}), reached over SSH on ports of 127.0.0.1, with emulated cards
 * standing in for the passed-through devices. The seed's workflow end to end, and its failures: a device missing from
 * the guest, a guest that never lets SSH in, the hypervisor dying mid-run, missing prerequisites, and no cleanup.
 */
class PassthroughCampaignTest {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static PrivateLibvirtd daemon;
    private static TinyGuest.Image image;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        image = TinyGuest.build(Path.of("target/tiny-guest"));
        daemon = PrivateLibvirtd.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static final String RNG = """
                  - emulated: virtio-rng
                    driver: virtio-pci
                    device_files: ["/dev/hwrng"]
            """;
    private static final String WATCHDOG = """
                  - emulated: watchdog-i6300esb
            """;

    /** A cluster file for the private daemon: name, then YAML lines of extra top-level keys, then nodes with devices. */
    private Path cluster(PrivateLibvirtd on, String extra, String... nodes) throws IOException {
        StringBuilder yaml = new StringBuilder("cluster: pt" + CLUSTERS.incrementAndGet() + "\n"
                + "hypervisor: \"libvirt:" + on.libvirtUri() + "\"\n"
                + "ssh: {user: root, key: \"" + image.userKey().toAbsolutePath() + "\"}\n"
                + "network: user\n"
                + "boot: {kernel: \"" + image.kernel().toAbsolutePath() + "\", initrd: \"" + image.initrd().toAbsolutePath()
                + "\", cmdline: \"console=ttyS0 quiet panic=-1\"}\n"
                + extra
                + "nodes:\n");
        for (int i = 0; i < nodes.length; i++) {
            yaml.append("  - name: compute-").append(i).append("\n    memory_mib: 256\n    vcpus: 1\n");
            if (!nodes[i].isEmpty()) {
                yaml.append("    pcie_passthrough:\n      enabled: true\n      devices:\n").append(nodes[i]);
            }
        }
        return Files.writeString(dir.resolve("cluster.yaml"), yaml.toString());
    }

    private PassthroughCampaign.Result run(ClusterFile cluster, PassthroughCampaign.Options options) {
        try (HypervisorClient hv = DriverRegistry.load().open(cluster.hypervisor(), HypervisorClient.class)) {
            return new PassthroughCampaign(cluster, hv, DriverRegistry.load(), true, options).run();
        }
    }

    private PassthroughCampaign.Result run(ClusterFile cluster) {
        return run(cluster, PassthroughCampaign.Options.defaults(dir.resolve("logs")));
    }

    private static List<String> domains(PrivateLibvirtd on) {
        try (HypervisorClient hv = DriverRegistry.load().open("libvirt:" + on.libvirtUri(), HypervisorClient.class)) {
            return hv.domains().stream().map(DomainInfo::name).toList();
        }
    }

    @Test
    void twoGuestsFindTheirCardsAndNothingIsLeft() throws Exception {
        ClusterFile cluster = ClusterFile.load(cluster(daemon, "", RNG, RNG + WATCHDOG));

        PassthroughCampaign.Result result = run(cluster);

        assertThat(result.failures()).extracting(Failure::toString).isEmpty();
        assertThat(result.outcome()).isEqualTo(PassthroughCampaign.Outcome.PASSED);
        assertThat(result.directory().getFileName().toString()).matches("run-\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}(-\\d+)?");
        String compute1 = cluster.nodes().get(1).domain(cluster.cluster());
        String results = Files.readString(result.directory().resolve("test-results-" + compute1 + ".log"));
        assertThat(results).contains("CHECK pcie-device stand-in0 PASS").contains("(1af4:1005)")
                .contains("CHECK driver stand-in0 PASS").contains("bound to virtio-pci")
                .contains("CHECK device-file stand-in0 PASS /dev/hwrng")
                .contains("CHECK pcie-device stand-in1 PASS").contains("(8086:25ab)");
        assertThat(Files.readString(result.directory().resolve("cluster-start.log"))).contains(compute1 + ": defined")
                .contains(compute1 + ": SSH at 127.0.0.1:");
        assertThat(Files.readString(result.directory().resolve("cluster-destroy.log")))
                .contains(compute1 + ": destroyed and undefined").contains("verify: no domain of " + cluster.cluster() + " is left");
        assertThat(Files.readString(result.directory().resolve("prerequisites.txt"))).contains("ok    hypervisor")
                .doesNotContain("FAIL");
        assertThat(result.report().orElseThrow().html()).exists();
        List<Map<String, Object>> records = RecordLog.read(result.directory().resolve("records.jsonl")).records();
        assertThat(records).filteredOn(r -> "phase".equals(r.get("event")) && "compute-0".equals(r.get("path")))
                .extracting(r -> r.get("phase"))
                .containsExactly("define", "start", "address", "wait-ssh", "upload", "run", "collect", "validate", "cleanup");
        assertThat(records).filteredOn(r -> "cycle".equals(r.get("event")) && "compute-1".equals(r.get("path")))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("checksPassed", 4).containsEntry("checksFailed", 0));
        assertThat(domains(daemon)).doesNotContain(cluster.nodes().get(0).domain(cluster.cluster()), compute1);
        assertThat(daemon.qemuProcesses()).as("no guest runs on").isEmpty();
    }

    @Test
    void aDeviceMissingFromTheGuestAndAWrongDriverFailTheirChecksAndTheGuestIsStillRemoved() throws Exception {
        // the cluster's own validation scripts: the built-in ones and one that unplugs the card in the guest first,
        // as when a passthrough silently failed
        Path scripts = Files.createDirectories(dir.resolve("validation"));
        for (String name : List.of("run-all-tests.sh", "check-pcie-devices.sh", "check-drivers.sh", "check-device-files.sh")) {
            try (InputStream in = PassthroughCampaign.class.getResourceAsStream("validation/" + name)) {
                Files.write(scripts.resolve(name), in.readAllBytes());
            }
        }
        Files.writeString(scripts.resolve("check-0-unplug.sh"), """
                for d in /sys/bus/pci/devices/*; do
                  [ "$(cat $d/device)" = 0x1005 ] && echo 1 > $d/remove && echo "unplugged ${d##*/}"
                done
                exit 0
                """);
        String wrongDriver = """
                  - emulated: watchdog-i6300esb
                    driver: i6300esb
                    device_files: ["/dev/watchdog"]
            """;
        ClusterFile cluster = ClusterFile.load(cluster(daemon, "validation: validation\n", RNG, wrongDriver));

        PassthroughCampaign.Result result = run(cluster);

        assertThat(result.outcome()).isEqualTo(PassthroughCampaign.Outcome.FAILED);
        assertThat(result.failures()).hasSize(2).allSatisfy(f -> assertThat(f.phase()).isEqualTo("validate"));
        assertThat(result.failures()).filteredOn(f -> f.path().equals("compute-0")).singleElement().satisfies(f ->
                assertThat(f.message()).contains("pcie-device stand-in0: no 1af4:1005 in the guest's PCI list")
                        .contains("driver stand-in0: no 1af4:1005 to bind"));
        assertThat(result.failures()).filteredOn(f -> f.path().equals("compute-1")).singleElement().satisfies(f ->
                assertThat(f.message()).contains("2 checks failed")
                        .contains("bound to no driver, expected i6300esb").contains("nothing matches /dev/watchdog"));
        assertThat(Files.readString(result.directory().resolve("test-results-" + cluster.nodes().get(0).domain(cluster.cluster())
                + ".log"))).contains("unplugged 0000:00:");
        assertThat(domains(daemon)).noneMatch(d -> d.startsWith(cluster.cluster() + "-"));
    }

    @Test
    void aGuestThatNeverLetsSshInFailsAtWaitSshAndIsRemoved() throws Exception {
        // the guest's SSH server listens on 22, the cluster file says 2222: nothing ever answers there
        Path file = cluster(daemon, "timeouts: {ssh: 6s}\n", RNG);
        Files.writeString(file, Files.readString(file).replace("ssh: {user: root,", "ssh: {port: 2222, user: root,"));
        ClusterFile cluster = ClusterFile.load(file);

        PassthroughCampaign.Result result = run(cluster);

        assertThat(result.outcome()).isEqualTo(PassthroughCampaign.Outcome.FAILED);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.phase()).isEqualTo("wait-ssh");
            assertThat(f.message()).contains("SSH did not let root in within 6 s");
        });
        assertThat(domains(daemon)).noneMatch(d -> d.startsWith(cluster.cluster() + "-"));
    }

    @Test
    void withoutCleanupTheGuestsAreKeptAndNamed() throws Exception {
        ClusterFile cluster = ClusterFile.load(cluster(daemon, "", RNG));
        PassthroughCampaign.Options keep = new PassthroughCampaign.Options(dir.resolve("logs"), false,
                dev.benchhal.harness.Progress.none(), (node, phase) -> { });

        PassthroughCampaign.Result result = run(cluster, keep);

        String domain = cluster.nodes().get(0).domain(cluster.cluster());
        try {
            assertThat(result.outcome()).isEqualTo(PassthroughCampaign.Outcome.PASSED);
            assertThat(result.kept()).containsExactly(domain);
            assertThat(domains(daemon)).contains(domain);
            assertThat(Files.readString(result.directory().resolve("cluster-destroy.log")))
                    .contains("kept for debugging (--no-cleanup): " + domain).contains("undefine " + domain);
        } finally {
            try (HypervisorClient hv = DriverRegistry.load().open(cluster.hypervisor(), HypervisorClient.class)) {
                hv.destroy(domain);
                hv.undefine(domain);
            }
        }
    }

    @Test
    void theHypervisorDyingMidRunEndsWithWhatMayBeLeftAndHowToRemoveIt() throws Exception {
        try (PrivateLibvirtd doomed = PrivateLibvirtd.start()) {
            ClusterFile cluster = ClusterFile.load(cluster(doomed, "", RNG));
            PassthroughCampaign.Options killAtRun = new PassthroughCampaign.Options(dir.resolve("logs"), true,
                    dev.benchhal.harness.Progress.none(), (node, phase) -> {
                        if (phase.equals("run")) {
                            doomed.killDaemon();
                        }
                    });

            PassthroughCampaign.Result result = run(cluster, killAtRun);

            String domain = cluster.nodes().get(0).domain(cluster.cluster());
            assertThat(result.outcome()).isEqualTo(PassthroughCampaign.Outcome.FAILED);
            assertThat(result.failures()).extracting(Failure::phase).containsExactly("cleanup", "verify");
            assertThat(result.failures().get(1).message()).contains("cannot list the hypervisor's domains")
                    .contains("possibly left: " + domain).contains("virsh -c '" + doomed.libvirtUri() + "' destroy " + domain);
            assertThat(result.kept()).containsExactly(domain);
            assertThat(Files.readString(result.directory().resolve("test-results-" + domain + ".log")))
                    .as("the guest's checks ran: SSH does not need the hypervisor").contains("CHECK pcie-device stand-in0 PASS");
        }
    }

    @Test
    void missingPrerequisitesAreReportedAndNothingIsDeployed() throws Exception {
        Path device;
        try (Stream<Path> devices = Files.list(Path.of("/sys/bus/pci/devices"))) {
            device = devices.sorted().findFirst().orElseThrow();
        }
        String vendor = Files.readString(device.resolve("vendor")).strip().substring(2);
        String id = Files.readString(device.resolve("device")).strip().substring(2);
        String real = "      - pci_address: \"" + device.getFileName() + "\"\n        device_type: gpu\n        vendor_id: \"" + vendor
                + "\"\n        device_id: \"" + id + "\"\n";
        Path file = cluster(daemon, "", real);
        Files.writeString(file, Files.readString(file).replace(image.userKey().toAbsolutePath().toString(), "/no/such/key")
                .replace(image.initrd().toAbsolutePath().toString(), "/no/such/initrd.gz"));
        ClusterFile cluster = ClusterFile.load(file);

        PassthroughCampaign.Result result = run(cluster);

        assertThat(result.outcome()).isEqualTo(PassthroughCampaign.Outcome.PREREQUISITES);
        assertThat(result.prerequisites().text())
                .contains("ok    hypervisor")
                .contains("FAIL  image initrd.gz: /no/such/initrd.gz is missing")
                .contains("FAIL  ssh key: /no/such/key is missing")
                .contains("FAIL  device " + device.getFileName() + " (compute-0 gpu0): " + vendor + ":" + id + " is bound to ")
                .contains("not vfio-pci: detach it for passthrough (virsh nodedev-detach pci_");
        assertThat(Files.readString(result.directory().resolve("prerequisites.txt"))).isEqualTo(result.prerequisites().text());
        assertThat(domains(daemon)).noneMatch(d -> d.startsWith(cluster.cluster() + "-"));
        assertThat(result.directory().resolve("cluster-start.log")).doesNotExist();
    }
}
