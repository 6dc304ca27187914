package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.harness.RecordLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignCommandTest {

    @TempDir
    Path dir;

    private static final String FABRIC = "devices:\n  hub: \"acroname:sim?ports=4\"\n"
            + "  concentrator: \"pcie:sim?radios=2&functions=12&hub=hub&ports=0,1&training=50ms\"\n";

    @Test
    void hotswapCyclesSimulatedRadioHeadsInVirtualTimeAndWritesItsReport() throws IOException {
        Path out = dir.resolve("run");
        CliRun.Result r = CliRun.run(dir, "campaign", "hotswap", "--paths", "3", "--iterations", "4", "--out", out.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("hotswap: 3 radio heads (rrh0, rrh1, rrh2) x 4 iterations on fabric simulated, virtual time")
                .contains("hotswap: 12 cycles, 0 failed");
        List<Map<String, Object>> records = RecordLog.read(out.resolve("records.jsonl")).records();
        assertThat(records).filteredOn(x -> "cycle".equals(x.get("event"))).hasSize(12)
                .allSatisfy(x -> assertThat(x).containsEntry("ok", true).containsEntry("linkWidth", 1));
        assertThat(Files.readString(out.resolve("report.html"))).contains("PASSED: 12 cycles of 3 paths");
        assertThat(out.resolve("summary.md")).exists();

        // re-reported from its records alone
        Files.delete(out.resolve("report.html"));
        CliRun.Result report = CliRun.run(dir, "campaign", "report", out.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).contains("PASSED: 12 cycles of 3 paths, none failed.");
        assertThat(Files.readString(out.resolve("report.html"))).contains("PASSED: 12 cycles of 3 paths");
        assertThat(CliRun.run(dir, "campaign", "report", dir.resolve("nowhere").toString()).code()).isEqualTo(ExitCode.NOT_FOUND);

        // resumed: every cycle ended already, nothing runs again
        CliRun.Result again = CliRun.run(dir, "campaign", "hotswap", "--paths", "3", "--iterations", "4", "--out", out.toString(), "--resume");
        assertThat(again.out()).contains("hotswap: 0 cycles (12 done before), 0 failed");
    }

    @Test
    void aBenchsRadioThatTrainsNarrowerFailsTheCampaignWithItsPhase() throws IOException {
        Files.writeString(dir.resolve("bench.yaml"), FABRIC + "topology:\n  radios:\n"
                + "    - { name: rrh0, port: 0, address: \"0000:01:00.0\", width: 4 }\n"
                + "    - { name: rrh1, port: 1, address: \"0000:02:00.0\", width: 1, speed: 5.0 }\n");
        CliRun.Result r = CliRun.run(dir, "--bench", "bench.yaml", "campaign", "hotswap", "--iterations", "2", "--out", dir.resolve("o").toString());

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("FAILED rrh0 #1 check-link: rrh0 0000:01:00.0: trained to x1 5.0 GT/s after the power cycle; expected x4")
                .contains("FAILED rrh0 #2 check-link").doesNotContain("FAILED rrh1").contains("4 cycles, 2 failed");
        CliRun.Result report = CliRun.run(dir, "campaign", "report", dir.resolve("o").toString(), "--out", dir.resolve("again").toString());
        assertThat(report.code()).isEqualTo(ExitCode.FAILED);
        assertThat(report.out()).contains("FAILED: 2 of 4 cycles of 2 paths failed.");
        assertThat(dir.resolve("again/report.html")).exists();
    }

    @Test
    void realHardwareNeedsLiveAndADryRunTouchesNothing() throws IOException {
        Files.writeString(dir.resolve("real.yaml"), "devices:\n  hub: \"acroname:sim?ports=4\"\n  concentrator: \"pcie:local\"\n"
                + "topology:\n  radios:\n    - { name: rrh0, port: 0, address: \"0000:7f:00.0\", width: 1 }\n");
        CliRun.Result refused = CliRun.run(dir, "--bench", "real.yaml", "campaign", "hotswap", "--out", dir.resolve("r").toString());
        assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("pcie:local is real hardware: add --live to switch its power, or --dry-run");

        CliRun.Result dry = CliRun.run(dir, "--bench", "real.yaml", "campaign", "hotswap", "--dry-run", "--iterations", "2",
                "--out", dir.resolve("d").toString());
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("(real hardware), dry run").contains("2 cycles, 0 failed");
    }

    @Test
    void wrongOptionsAreUsageErrors() {
        assertThat(CliRun.run(dir, "campaign", "hotswap", "--paths", "65").err()).contains("--paths: expected 1 to 64");
        assertThat(CliRun.run(dir, "campaign", "hotswap", "--resume").err()).contains("--resume needs --out");
        CliRun.Result smoke = CliRun.run(dir, "campaign", "hotswap", "--smoke", "lspci");
        assertThat(smoke.code()).isEqualTo(ExitCode.USAGE);
        assertThat(smoke.err()).contains("--smoke needs --shell ROLE");
    }
}
