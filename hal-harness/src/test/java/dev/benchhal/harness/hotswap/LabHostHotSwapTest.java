package dev.benchhal.harness.hotswap;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Failure;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.RecordLog;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.testcontainers.LabHostExtension;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot-swap campaign's smoke command on a concentrator that is a lab host in a container of its own
 * ({@link LabHostContainer}), over SSH: the fabric is simulated in virtual time, the smoke command runs for real on
 * the lab host after every cycle of every radio, all radios at once over the one shell.
 */
@ExtendWith(LabHostExtension.class)
class LabHostHotSwapTest {

    private static LabHostContainer host;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(LabHostContainer container) {
        host = container;
    }

    private Bench bench() {
        return Bench.open(BenchFiles.parse("devices:\n"
                + "  hub: \"acroname:sim?ports=4\"\n"
                + "  concentrator: \"pcie:sim?radios=3&functions=6&hub=hub&ports=0,1,2&training=200ms\"\n"
                + "  rig: \"" + host.sshUri() + "\"\n", "fabric.yaml", dir), DriverRegistry.load());
    }

    private static List<RadioHead> radios() {
        return List.of(new RadioHead("rrh0", 0, new PcieAddress(0, 1, 0, 0), 1),
                new RadioHead("rrh1", 1, new PcieAddress(0, 2, 0, 0), 1),
                new RadioHead("rrh2", 2, new PcieAddress(0, 3, 0, 0), 1));
    }

    private static HotSwap.Options smoke(String... command) {
        return new HotSwap.Options(2, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30), false, List.of(command),
                false, false);
    }

    @Test
    void theSmokeCommandRunsOnTheLabHostAfterEveryCycleOfEveryRadio() {
        String log = "/tmp/smoke-" + java.util.UUID.randomUUID() + ".log";
        try (Bench bench = bench()) {
            HostShell rig = bench.get("rig", HostShell.class);
            HotSwap hotSwap = new HotSwap(bench.get("hub", UsbHub.class), bench.get("concentrator", PcieHost.class), rig,
                    radios(), bench.clock(), dir, Progress.none(),
                    smoke("sh", "-c", "echo \"$(hostname) $0\" >> " + log, "it's a smoke; `id` $HOME"));

            CampaignResult result = hotSwap.run();

            assertThat(result.failures()).isEmpty();
            assertThat(result.cycles()).isEqualTo(6);
            List<String> lines = rig.readText(log).lines().toList();
            assertThat(lines).hasSize(6).allSatisfy(l -> assertThat(l).endsWith(" it's a smoke; `id` $HOME"));
            List<Map<String, Object>> records = RecordLog.read(result.records()).records();
            assertThat(records).filteredOn(r -> "phase".equals(r.get("event")) && "smoke".equals(r.get("phase")))
                    .hasSize(6);
        }
    }

    @Test
    void aSmokeCommandThatFailsOnTheLabHostFailsThatCycleWithItsOutput() {
        String flag = "/tmp/smoke-fails-" + java.util.UUID.randomUUID();
        try (Bench bench = bench()) {
            HostShell rig = bench.get("rig", HostShell.class);
            // the check fails for rrh1's function only, as a smoke test of one radio's traffic would
            String check = "if [ -e " + flag + " ]; then echo 'no traffic on 0000:02:00.0' >&2; exit 4; fi";
            rig.run("touch", flag).requireSuccess();
            HotSwap hotSwap = new HotSwap(bench.get("hub", UsbHub.class), bench.get("concentrator", PcieHost.class), rig,
                    List.of(radios().get(1)), bench.clock(), dir, Progress.none(), smoke("sh", "-c", check));

            CampaignResult result = hotSwap.run();

            assertThat(result.failures()).extracting(Failure::phase).containsExactly("smoke", "smoke");
            assertThat(result.failures().get(0).toString()).startsWith("rrh1 #1 smoke: ")
                    .contains("exited 4: no traffic on 0000:02:00.0");
            assertThat(bench.get("hub", UsbHub.class).portState(1).powered()).isTrue();
        }
    }
}
