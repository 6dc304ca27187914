package com.example.hotswap;

import dev.benchhal.harness.RecordLog;
import dev.benchhal.harness.fabric.Discovery;
import dev.benchhal.harness.fabric.Fabric;
import dev.benchhal.harness.fabric.FabricDiscovery;
import dev.benchhal.harness.fabric.LabIni;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness on the simulated lab, as a user runs it before wiring a bench. */
class HotSwapHarnessTest {

    private static final DriverRegistry DRIVERS = DriverRegistry.load();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return HotSwapHarness.run(HotSwapHarness.Options.parse(args), DRIVERS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyRadioOfTheSimulatedLabIsCycledEachIteration() {
        Path runDir = dir.resolve("run");
        assertThat(run("--paths", "6", "--iterations", "3", "--out", runDir.toString())).as(err.toString()).isZero();
        List<Map<String, Object>> cycles = RecordLog.read(runDir.resolve("records.jsonl")).records().stream()
                .filter(r -> "cycle".equals(r.get("event"))).toList();
        assertThat(cycles).hasSize(18).allSatisfy(c -> assertThat(c).containsEntry("ok", true).containsEntry("linkWidth", 1));
        assertThat(runDir.resolve("report.html")).exists();
        assertThat(out.toString()).contains("simulated: 18 cycles, 0 failed");
    }

    @Test
    void aBoundFabricFileRunsWhenReadyAndIsRefusedWhenTheLabChanged() throws IOException {
        Path labFile = dir.resolve("lab.ini");
        Files.writeString(labFile, Fabric.simulatedLabIni(2, DRIVERS));
        LabIni lab = LabIni.load(labFile);
        Discovery live = FabricDiscovery.discover(lab, DRIVERS, Duration.ofSeconds(30));
        Fabric.compose(lab, live, List.of()).save(dir.resolve("fabric.json"));

        assertThat(run("--fabric", dir.resolve("fabric.json").toString(), "--lab-ini", labFile.toString(), "--strict-fabric-ready",
                "--iterations", "2", "--out", dir.resolve("ok").toString())).as(err.toString()).isZero();

        // a third hub appears in the lab: the stored fingerprint no longer holds
        Files.writeString(labFile, Files.readString(labFile).replace("simulated_hubs = acroname:sim?serial=5100A001",
                "simulated_hubs = acroname:sim?serial=5100A001, acroname:sim?serial=5100A0FF"));
        assertThat(run("--fabric", dir.resolve("fabric.json").toString(), "--lab-ini", labFile.toString(), "--strict-fabric-ready",
                "--out", dir.resolve("stale").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is STALE").contains("hub 5100A0FF added");
    }

    @Test
    void aDryRunTouchesNothingAndBadOptionsAreNamed() {
        assertThat(run("--paths", "2", "--iterations", "1", "--dry-run", "--out", dir.resolve("dry").toString())).isZero();
        assertThatThrownBy(() -> HotSwapHarness.Options.parse("--paths", "65")).hasMessageContaining("--paths: expected a whole number from 1 to 64");
        assertThatThrownBy(() -> HotSwapHarness.Options.parse("--strict-fabric-ready")).hasMessageContaining("needs --fabric FILE");
        assertThatThrownBy(() -> HotSwapHarness.Options.parse("--colour")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> HotSwapHarness.Options.parse("--smoke")).hasMessageContaining("--smoke needs a command");
        assertThat(run("--lab-ini", dir.resolve("missing.ini").toString(), "--out", dir.resolve("x").toString())).isEqualTo(3);
        assertThat(err.toString()).contains("no such lab INI file");
    }
}
