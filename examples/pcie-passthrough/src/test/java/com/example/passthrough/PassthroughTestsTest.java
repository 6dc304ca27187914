package com.example.passthrough;

import dev.benchhal.harness.passthrough.ClusterFile;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.guest.PrivateLibvirtd;
import dev.benchhal.tck.guest.TinyGuest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example as a user runs it: {@code configs/test-stand-in.yaml} on a private libvirtd (this machine's, in a
 * directory of the test's own) booting the tiny guest built from Debian's packages; the other configs parse.
 */
class PassthroughTestsTest {

    @TempDir
    Path dir;

    @Test
    void theStandInClusterPassesAndLeavesItsLogs() throws Exception {
        TinyGuest.Image image = TinyGuest.build(Path.of("target/tiny-guest"));
        try (PrivateLibvirtd daemon = PrivateLibvirtd.start()) {
            // the shipped file, pointed at the test's daemon
            Path configs = Files.createDirectories(dir.resolve("configs"));
            Path file = Files.writeString(configs.resolve("test-stand-in.yaml"), Files.readString(Path.of("configs/test-stand-in.yaml"))
                    .replace("libvirt:qemu:///session", "libvirt:" + daemon.libvirtUri())
                    .replace("../target/tiny-guest/", image.kernel().toAbsolutePath().getParent() + "/"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = PassthroughTests.run(PassthroughTests.Options.parse("--config", file.toString(), "--verbose",
                    "--logs", dir.resolve("logs").toString()), DriverRegistry.load(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("  compute-0: run").contains("passthrough: passed");
            try (Stream<Path> runs = Files.list(dir.resolve("logs"))) {
                Path run = runs.findFirst().orElseThrow();
                assertThat(Files.readString(run.resolve("test-results-test-stand-in-compute-0.log")))
                        .contains("CHECK pcie-device rng0 PASS").contains("CHECK device-file rng0 PASS /dev/hwrng");
                assertThat(Files.readString(run.resolve("cluster-destroy.log"))).contains("no domain of test-stand-in is left");
            }
        }
    }

    @Test
    void theShippedConfigsParseAndTheOptionsAreTheSeeds() {
        for (String name : new String[] {"test-pcie-passthrough-minimal.yaml", "test-minimal.yaml", "test-stand-in.yaml"}) {
            ClusterFile cluster = ClusterFile.load(Path.of("configs", name));
            assertThat(cluster.nodes()).isNotEmpty();
        }
        assertThat(ClusterFile.load(Path.of("configs/test-pcie-passthrough-minimal.yaml")).nodes().get(0).devices())
                .singleElement().satisfies(d -> assertThat(d.vendorId() + ":" + d.deviceId()).isEqualTo("10de:2684"));
        PassthroughTests.Options o = PassthroughTests.Options.parse("--ssh-user", "root", "--ssh-key", "k", "--no-cleanup");
        assertThat(o.cleanup()).isFalse();
        assertThat(o.config()).isEqualTo(Path.of("configs/test-pcie-passthrough-minimal.yaml"));
        assertThatThrownBy(() -> PassthroughTests.Options.parse("--frobnicate")).hasMessageContaining("unknown option --frobnicate");
    }
}
