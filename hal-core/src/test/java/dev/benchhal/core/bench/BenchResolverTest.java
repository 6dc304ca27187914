package dev.benchhal.core.bench;

import dev.benchhal.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchResolverTest {

    @TempDir
    Path dir;

    private BenchConfig defaults() {
        return BenchConfig.empty().with(DeviceConfig.of("psu", "owon:sim:DEFAULT")).with(DeviceConfig.of("hub", "acroname:sim?ports=8"));
    }

    @Test
    void localBenchYamlBeatsDefaults() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  psu:\n    uri: owon:sim:LOCAL\n    options: {idn: SPE}\n");
        BenchConfig c = BenchResolver.create().defaults(defaults()).environment(Map.of()).workingDirectory(dir).resolve();
        assertThat(c.device("psu").orElseThrow().uri()).isEqualTo("owon:sim:LOCAL");
        assertThat(c.device("hub").orElseThrow().uri()).isEqualTo("acroname:sim?ports=8");
    }

    @Test
    void benchhalConfigBeatsLocalBenchYaml() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  psu: owon:sim:LOCAL\n");
        Files.writeString(dir.resolve("other.yaml"), "devices:\n  psu: owon:sim:FROM_ENV_FILE\n");
        BenchConfig c = BenchResolver.create().environment(Map.of("BENCHHAL_CONFIG", "other.yaml"))
                .workingDirectory(dir).resolve();
        assertThat(c.device("psu").orElseThrow().uri()).isEqualTo("owon:sim:FROM_ENV_FILE");
    }

    @Test
    void explicitFileBeatsBenchhalConfig() throws Exception {
        Files.writeString(dir.resolve("other.yaml"), "devices:\n  psu: owon:sim:FROM_ENV_FILE\n");
        Files.writeString(dir.resolve("explicit.yaml"), "devices:\n  psu: owon:sim:EXPLICIT\n");
        BenchConfig c = BenchResolver.create().environment(Map.of("BENCHHAL_CONFIG", "other.yaml"))
                .workingDirectory(dir).file(dir.resolve("explicit.yaml")).resolve();
        assertThat(c.device("psu").orElseThrow().uri()).isEqualTo("owon:sim:EXPLICIT");
    }

    @Test
    void roleUriFromTheEnvironmentBeatsTheFileAndKeepsItsOptions() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  psu:\n    uri: owon:sim:LOCAL\n    options: {idn: SPE}\n");
        BenchConfig c = BenchResolver.create().environment(Map.of("BENCHHAL_PSU_URI", "owon:serial:///dev/ttyUSB3",
                        "BENCHHAL_RIG_2_URI", "local:"))
                .workingDirectory(dir).resolve();
        DeviceConfig psu = c.device("psu").orElseThrow();
        assertThat(psu.uri()).isEqualTo("owon:serial:///dev/ttyUSB3");
        assertThat(psu.options()).containsEntry("idn", "SPE");
        assertThat(psu.origin()).isEqualTo("env BENCHHAL_PSU_URI");
        assertThat(c.device("rig_2").orElseThrow().uri()).isEqualTo("local:");
    }

    @Test
    void explicitOverridesBeatEverything() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  psu: owon:sim:LOCAL\n");
        BenchConfig c = BenchResolver.create().environment(Map.of("BENCHHAL_PSU_URI", "owon:sim:ENV"))
                .workingDirectory(dir).override("psu", "owon:sim:OVERRIDE").resolve();
        assertThat(c.device("psu").orElseThrow().uri()).isEqualTo("owon:sim:OVERRIDE");
        assertThat(c.device("psu").orElseThrow().origin()).isEqualTo("override");
    }

    @Test
    void noFileAnywhereLeavesTheDefaults() {
        BenchConfig c = BenchResolver.create().defaults(defaults()).environment(Map.of()).workingDirectory(dir).resolve();
        assertThat(c.devices().keySet()).containsExactly("psu", "hub");
    }

    @Test
    void badEnvironmentUriNamesTheVariable() {
        assertThatThrownBy(() -> BenchResolver.create().environment(Map.of("BENCHHAL_PSU_URI", "ttyUSB0"))
                .workingDirectory(dir).resolve())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("env BENCHHAL_PSU_URI: ");
    }
}
