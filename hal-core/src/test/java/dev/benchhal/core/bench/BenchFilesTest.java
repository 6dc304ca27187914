package dev.benchhal.core.bench;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchFilesTest {

    private static final Path BASE = Path.of("/bench");

    static final String YAML = """
            name: ecu-bench-3
            devices:
              psu:
                uri: owon:serial:///dev/ttyUSB0
                options:
                  idn: SPE6103
                  settle: 50ms
                closeTimeout: 5s
              lin: lin-mock:?ldf=alm.ldf
            topology:
              radioHeads:
                - name: rrh1
                  hubPort: 2
                  pcie: "0000:03:00.0"
                  linkWidth: 4
            """;

    @Test
    void readsDevicesOptionsAndTopologyFromYaml() {
        BenchConfig c = BenchFiles.parse(YAML, "bench.yaml", BASE);
        assertThat(c.name()).isEqualTo("ecu-bench-3");
        assertThat(c.devices().keySet()).containsExactly("psu", "lin");
        DeviceConfig psu = c.device("psu").orElseThrow();
        assertThat(psu.uri()).isEqualTo("owon:serial:///dev/ttyUSB0");
        assertThat(psu.options()).containsEntry("idn", "SPE6103").containsEntry("settle", "50ms");
        assertThat(psu.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(psu.origin()).isEqualTo("bench.yaml line 4");
        assertThat(c.device("lin").orElseThrow().closeTimeout()).isEqualTo(DeviceConfig.DEFAULT_CLOSE_TIMEOUT);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> heads = (List<Map<String, Object>>) c.topology().get("radioHeads");
        assertThat(heads.get(0)).containsEntry("name", "rrh1").containsEntry("hubPort", 2).containsEntry("pcie", "0000:03:00.0");
    }

    @Test
    void anchorsAliasesAndMergeKeysAreResolvedNotReadAsTheirNames() {
        BenchConfig c = BenchFiles.parse("""
                devices:
                  psu:
                    uri: owon:sim:SPE6103
                    options: &supply { settle: 50ms, timeout: 2s }
                  psu2:
                    uri: owon:sim:SPE6103
                    options:
                      <<: *supply
                      timeout: 5s
                topology:
                  width: &w 4
                  again: *w
                  heads: [ &rrh { port: 2 }, *rrh ]
                """, "bench.yaml", BASE);
        assertThat(c.topology()).containsEntry("width", 4).containsEntry("again", 4);
        assertThat(c.topology().get("heads")).isEqualTo(java.util.List.of(Map.of("port", 2), Map.of("port", 2)));
        assertThat(c.devices().get("psu").options()).containsEntry("settle", "50ms").containsEntry("timeout", "2s");
        assertThat(c.devices().get("psu2").options()).containsEntry("settle", "50ms").containsEntry("timeout", "5s");
        assertThatThrownBy(() -> BenchFiles.parse("topology:\n  a: *nowhere\n", "bench.yaml", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 2").hasMessageContaining("nowhere");
    }

    @Test
    void aTabNamesItsOwnLineAndSaysWhatIsWrong() {
        String text = "devices:\n  psu: owon:sim:SPE6103\n\tlin: lin-mock:\n";
        assertThatThrownBy(() -> BenchFiles.parse(text, "bench.yaml", BASE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3").hasMessageContainingAll("TAB", "indentation");
    }

    @Test
    void anOversizedFileIsRefusedBeforeItIsParsed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // a TAB where indentation goes: had the parser read it, the error would be about the TAB
        String huge = "devices:\n\tname: \"" + "x".repeat(10 << 20) + "\"\n";
        assertThatThrownBy(() -> BenchFiles.parse(huge, "bench.yaml", BASE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at most 1 MiB").as("refused before parsing").hasMessageNotContaining("TAB");
        Path file = java.nio.file.Files.writeString(dir.resolve("bench.yaml"), huge);
        assertThatThrownBy(() -> BenchFiles.load(file)).isInstanceOf(ConfigException.class).hasMessageContaining("at most 1 MiB")
                .as("refused before parsing").hasMessageNotContaining("TAB");
    }

    @Test
    void controlCharactersFromTheFileAreShownEscapedNeverRaw() {
        // YAML's own escapes (\e is ESC) and JSON's (\u0007 is BEL) put control characters into keys and values
        assertThatThrownBy(() -> BenchFiles.parse("name: x\n\"bogus\\e[31m\": 1\n", "bench.yaml", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bogus\\x1b[31m").hasMessageNotContaining("\u001b");
        assertThatThrownBy(() -> BenchFiles.parse("{\"devices\": {\"psu\": \"owon:sim\\u0007\\u001b[2J\"}}", "bench.json", BASE))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("\u001b").hasMessageNotContaining("\u0007");
    }

    @Test
    void readsTheSameBenchFromJson() {
        String json = """
                {"name": "ecu-bench-3",
                 "devices": {
                   "psu": {"uri": "owon:serial:///dev/ttyUSB0", "options": {"idn": "SPE6103", "settle": "50ms"}, "closeTimeout": "5s"},
                   "lin": "lin-mock:?ldf=alm.ldf"},
                 "topology": {"radioHeads": [{"name": "rrh1", "hubPort": 2, "pcie": "0000:03:00.0", "linkWidth": 4}]}}
                """;
        BenchConfig fromJson = BenchFiles.parse(json, "bench.json", BASE);
        BenchConfig fromYaml = BenchFiles.parse(YAML, "bench.yaml", BASE);
        assertThat(fromJson.devices().get("psu").options()).isEqualTo(fromYaml.devices().get("psu").options());
        assertThat(fromJson.topology()).isEqualTo(fromYaml.topology());
    }

    @Test
    void duplicateRoleNamesBothLines() {
        String yaml = """
                devices:
                  psu: owon:sim:SPE6103
                  lin: lin-mock:?ldf=a.ldf
                  psu: owon:sim:SPE3102
                """;
        assertThatThrownBy(() -> BenchFiles.parse(yaml, "bench.yaml", BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bench.yaml line 4 (devices.psu): duplicate key \"psu\" (first at line 2)")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(4));
    }

    @Test
    void brokenYamlNamesFileAndLine() {
        String yaml = """
                devices:
                  psu:
                    uri: owon:sim:SPE6103
                     options: [unclosed
                """;
        assertThatThrownBy(() -> BenchFiles.parse(yaml, "bench.yaml", BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bench.yaml line ")
                .hasMessageContaining("not valid YAML")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isBetween(3, 5));
    }

    @Test
    void unquotedUriEndingInAColonGetsAHint() {
        assertThatThrownBy(() -> BenchFiles.parse("devices:\n  rig: local:\n", "bench.yaml", BASE))
                .hasMessageStartingWith("bench.yaml line 2")
                .hasMessageContaining("quote values that contain ': ' or end in ':', e.g. rig: \"local:\"");
    }

    @Test
    void brokenJsonNamesFileAndLine() {
        assertThatThrownBy(() -> BenchFiles.parse("{\"devices\": {\n\"psu\": oops}}", "b.json", BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.json line 2")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void unknownKeysAreErrorsNotIgnored() {
        assertThatThrownBy(() -> BenchFiles.parse("devices:\n  psu:\n    url: owon:sim:X\n", "bench.yaml", BASE))
                .hasMessage("bench.yaml line 3 (devices.psu.url): unknown key \"url\"; a device has [closeTimeout, options, uri]");
        assertThatThrownBy(() -> BenchFiles.parse("device:\n  psu: owon:sim:X\n", "bench.yaml", BASE))
                .hasMessageContaining("line 1 (device): unknown key \"device\"");
    }

    @Test
    void malformedUriNamesTheKey() {
        assertThatThrownBy(() -> BenchFiles.parse("devices:\n  psu: /dev/ttyUSB0\n", "bench.yaml", BASE))
                .hasMessageStartingWith("bench.yaml line 2 (devices.psu): ")
                .hasMessageContaining("expected SCHEME:TARGET");
    }

    @Test
    void inlineSecretsAreRefused() {
        String yaml = """
                devices:
                  rig:
                    uri: ssh://root@rig
                    options:
                      passphrase: hunter2
                """;
        assertThatThrownBy(() -> BenchFiles.parse(yaml, "bench.yaml", BASE))
                .hasMessageContaining("line 5 (devices.rig.options.passphrase)")
                .hasMessageContaining("passphraseEnv")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badRolesAndKindsAreNamed() {
        assertThatThrownBy(() -> BenchFiles.parse("devices:\n  PSU-1: owon:sim:X\n", "b.yaml", BASE))
                .hasMessageContaining("line 2 (devices.PSU-1): role \"PSU-1\"");
        assertThatThrownBy(() -> BenchFiles.parse("devices:\n  psu: [a, b]\n", "b.yaml", BASE))
                .hasMessageContaining("expected a URI or a map with uri and options, got a list");
        assertThatThrownBy(() -> BenchFiles.parse("- a\n- b\n", "b.yaml", BASE))
                .hasMessageContaining("not a list");
        assertThatThrownBy(() -> BenchFiles.parse("devices:\n  psu:\n    uri: x:y\n    closeTimeout: soon\n", "b.yaml", BASE))
                .hasMessageContaining("line 4 (devices.psu.closeTimeout): \"soon\" is not a duration");
        assertThatThrownBy(() -> BenchFiles.parse("version: 2\n", "b.yaml", BASE))
                .hasMessageContaining("version 2 is not supported");
    }

    @Test
    void emptyFileIsAnEmptyBench() {
        assertThat(BenchFiles.parse("", "bench.yaml", BASE).devices()).isEmpty();
        assertThat(BenchFiles.parse("\uFEFFdevices:\n", "bench.yaml", BASE).devices()).isEmpty();
    }

    @Test
    void loadReadsRelativeToTheFilesDirectory(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lab.yaml");
        Files.writeString(f, YAML);
        BenchConfig c = BenchFiles.load(f);
        assertThat(c.baseDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(c.device("psu").orElseThrow().file()).isEqualTo(f.toString());
        assertThatThrownBy(() -> BenchFiles.load(dir.resolve("missing.yaml"))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("missing.yaml: bench file does not exist");
        Files.write(dir.resolve("latin.yaml"), new byte[]{'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9});
        assertThatThrownBy(() -> BenchFiles.load(dir.resolve("latin.yaml"))).hasMessageContaining("not UTF-8");
    }
}
