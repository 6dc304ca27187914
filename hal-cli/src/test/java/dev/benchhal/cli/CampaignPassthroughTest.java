package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.guest.PrivateLibvirtd;
import dev.benchhal.tck.guest.TinyGuest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code benchhal campaign passthrough} as a user runs it: a cluster file, the tiny guest booted by a private libvirtd
 * with a stand-in card, the seed's options, the exit codes, the run's directory.
 */
class CampaignPassthroughTest {

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

    private Path cluster(String name, String key) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), "cluster: " + name + "\n"
                + "hypervisor: \"libvirt:" + daemon.libvirtUri() + "\"\n"
                + "ssh: {key: \"" + key + "\"}\n"
                + "network: user\n"
                + "boot: {kernel: \"" + image.kernel().toAbsolutePath() + "\", initrd: \"" + image.initrd().toAbsolutePath()
                + "\", cmdline: \"console=ttyS0 quiet panic=-1\"}\n"
                + "timeouts: {ssh: 2m}\n"
                + "compute_nodes:\n"
                + "  - name: compute-0\n    memory_mib: 256\n"
                + "    pcie_passthrough:\n      enabled: true\n      devices:\n"
                + "        - emulated: virtio-rng\n          device_type: rng\n          driver: virtio-pci\n"
                + "          device_files: [\"/dev/hwrng\"]\n");
    }

    @Test
    void aClusterPassesWithTheSeedsOptionsAndLeavesItsLogs() throws Exception {
        // the file names no usable user or key: --ssh-user and --ssh-key give them, as in the seed
        Path file = cluster("cli-ok", "/no/such/key");

        CliRun.Result run = CliRun.run(dir, "campaign", "passthrough", "--config", file.toString(), "--ssh-user", "root",
                "--ssh-key", image.userKey().toAbsolutePath().toString(), "--verbose", "--logs", "runs");

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("passthrough: cluster cli-ok, 1 node on libvirt:")
                .contains("ok    ssh key: " + image.userKey().toAbsolutePath())
                .contains("  compute-0: wait-ssh").contains("  compute-0: cleanup")
                .contains("CHECK pcie-device rng0 PASS").contains("CHECK driver rng0 PASS")
                .contains("passthrough: passed; logs in ").containsPattern("cli-ok-compute-0: SSH let root in \\d+ ms after the start");
        // how long the tiny guest takes from its start to SSH, for the record (docs/passthrough.md)
        run.out().lines().filter(l -> l.contains("ms after the start")).forEach(System.out::println);
        Path runs = dir.resolve("runs");
        try (Stream<Path> found = Files.list(runs)) {
            Path run1 = found.findFirst().orElseThrow();
            assertThat(run1.resolve("test-results-cli-ok-compute-0.log")).exists();
            assertThat(run1.resolve("report.html")).exists();
            assertThat(run1.resolve("summary.md")).exists();
        }
        assertThat(domains()).doesNotContain("cli-ok-compute-0");
    }

    @Test
    void missingPrerequisitesExitFourWithTheReportAndABadFileExitsThree() throws Exception {
        Path file = cluster("cli-missing", "/no/such/key");

        CliRun.Result run = CliRun.run(dir, "campaign", "passthrough", "--config", file.toString(), "--logs", "runs");

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run.out()).contains("FAIL  ssh key: /no/such/key is missing").contains("nothing deployed");
        assertThat(domains()).doesNotContain("cli-missing-compute-0");

        Files.writeString(file, Files.readString(file).replace("emulated: virtio-rng", "emulated: virtio-gpu"));
        CliRun.Result bad = CliRun.run(dir, "campaign", "passthrough", "--config", file.toString());
        assertThat(bad.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(bad.err()).contains("cli-missing.yaml line").contains("virtio-gpu").doesNotContain("\tat ");
    }

    private static java.util.List<String> domains() {
        try (HypervisorClient hv = DriverRegistry.load().open("libvirt:" + daemon.libvirtUri(), HypervisorClient.class)) {
            return hv.domains().stream().map(DomainInfo::name).toList();
        }
    }
}
