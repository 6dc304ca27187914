package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchHalCliTest {

    @TempDir
    Path dir;

    private CliRun.Result run(Map<String, String> env, String... args) {
        return CliRun.run(dir, env, args);
    }

    private CliRun.Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void everySubcommandHasHelpAndTakesVerboseWhereverItStands() {
        for (String[] args : new String[][] {{"psu", "--help"}, {"pcie", "--help"}, {"pcie", "list", "--help"}, {"lin", "-h"},
                {"shell", "--help"}, {"ldf", "decode", "--help"}}) {
            CliRun.Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: benchhal " + args[0]).contains("Exit codes:");
        }
        CliRun.Result inherited = run("shell", "-v", "local:", "--", "printf", "%s", "x");
        assertThat(inherited.code()).as(inherited.err()).isZero();
        assertThat(inherited.out()).isEqualTo("x");
        // what follows "--" belongs to the remote command: grep -v there is not verbosity
        assertThat(JarMain.verbosity(new String[] {"shell", "rig", "--", "grep", "-v", "x"})).isZero();
        assertThat(JarMain.verbosity(new String[] {"-vv", "shell", "rig"})).isEqualTo(2);
        assertThat(JarMain.verbosity(new String[] {"pcie", "list", "-v", "--host", "pcie:sim"})).isEqualTo(1);
    }

    @Test
    void driversListsTheInstalledProviders() {
        CliRun.Result r = run("drivers");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("SCHEME").contains("local").contains("HostShell").contains("commands and files on this machine");
    }

    @Test
    void discoverListsWhatTheDriversFindWithTheUrisThatOpenIt() {
        CliRun.Result table = run("discover");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("URI").containsPattern("(?m)^local:\\s+HostShell\\s+");
        CliRun.Result json = run("discover", "--json");
        JsonNode found = JsonMapper.builder().build().readTree(json.out());
        assertThat(found.findValuesAsString("uri")).contains("local:");
        if (Files.isDirectory(Path.of("/sys/bus/pci/devices"))) {
            assertThat(found.findValuesAsString("uri")).contains("pcie:local");
            assertThat(run("pcie", "list", "--host", "pcie:local").code()).as("the discovered URI opens").isZero();
        }
    }

    @Test
    void driversAsJson() {
        CliRun.Result r = run("drivers", "--json");
        assertThat(r.code()).isZero();
        JsonNode arr = JsonMapper.builder().build().readTree(r.out());
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.findValuesAsString("scheme")).contains("local");
        assertThat(arr.get(0).has("family")).isTrue();
        assertThat(arr.get(0).has("module")).isTrue();
        assertThat(arr.get(0).has("version")).isTrue();
    }

    @Test
    void versionAndHelp() {
        CliRun.Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("benchhal ");
        CliRun.Result h = run("--help");
        assertThat(h.out()).contains("drivers").contains("Exit codes:").contains("3   configuration error");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun.Result r = run("drivers", "--jsno");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Unknown option: '--jsno'");
    }

    @Test
    void benchShowsTheEffectiveDevicesAndWhereTheyCameFrom() throws Exception {
        Files.writeString(dir.resolve("lab.yaml"), "devices:\n  rig: \"local:\"\n  other: \"local:\"\n");
        CliRun.Result r = run(Map.of("BENCHHAL_OTHER_URI", "local:"), "--bench", "lab.yaml", "bench");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("rig").contains("lab.yaml line 2").contains("env BENCHHAL_OTHER_URI").contains("HostShell");
    }

    @Test
    void benchWithUnknownSchemeIsAConfigErrorWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  rig: \"local:\"\n  psu: owen:sim:SPE6103\n");
        CliRun.Result r = run("bench");
        assertThat(r.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("bench.yaml line 3 (devices.psu.uri): owen:sim:SPE6103: unknown scheme \"owen\"; installed: ")
                .contains("local (HostShell)").contains("lin-mock (LinInterface)");
    }

    @Test
    void benchWithDuplicateRoleIsAConfigError() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  rig: \"local:\"\n  rig: \"local:\"\n");
        CliRun.Result r = run("bench");
        assertThat(r.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("line 3 (devices.rig): duplicate key \"rig\" (first at line 2)");
    }

    @Test
    void benchWithBrokenYamlIsAConfigError() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  rig: [local:\n");
        CliRun.Result r = run("bench");
        assertThat(r.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("bench.yaml line").contains("not valid YAML");
    }

    @Test
    void missingBenchFileIsNotFound() {
        CliRun.Result r = run("--bench", "nope.yaml", "bench");
        assertThat(r.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(r.err()).contains("nope.yaml: bench file does not exist");
    }

    @Test
    void shellRunsOneCommandByUriOrRole() throws Exception {
        CliRun.Result r = run("shell", "local:", "--", "printf", "%s|", "a b", "$HOME");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("a b|$HOME|");
        CliRun.Result failed = run("shell", "local:", "--", "sh", "-c", "echo oops >&2; exit 3");
        assertThat(failed.code()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.err()).contains("oops").contains("exited 3 on local");
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  rig: \"local:\"\n");
        assertThat(run("shell", "rig", "--", "echo", "by-role").out()).isEqualTo("by-role\n");
        assertThat(run("shell", "local:", "--", "benchhal-no-such-program").code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run("shell", "local:", "--timeout", "200ms", "--", "sleep", "5").code()).isEqualTo(ExitCode.TIMEOUT);
    }

    @Test
    void demoRunsOnTheSimulatedBench() {
        CliRun.Result r = run("demo");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("== Rig local").contains("kernel:").contains("1 h of virtual time")
                .contains("3600 samples").contains("pid=0x3C checksum=0x48").contains("no hardware was touched")
                .contains("discovered:  NAD 0x10").contains("LED ON after 2.0").contains("PWM_wo_Comp_Red=65535")
                .contains("empty, as on a silent ECU")
                .contains("== Supply OWON SPE6103").containsPattern("13.5 V applied: settled in .*, 13\\.5\\d\\d V")
                .contains("output off")
                .contains("4 radio heads; 4 power-cycled at once, 2 iterations")
                .containsPattern("records /\\S+/records.jsonl, report /\\S+/report.html")
                .containsPattern("rrh0 \\(hub port 0\\): 0000:01:00.0 gone and back in .*, x1 5.0 GT/s.*, as the topology expects")
                .containsPattern("rrh3 \\(hub port 3\\): 0000:04:00.0 gone and back in ")
                .containsPattern("demo-vm-\\d+: RUNNING, leftovers now \\[demo-vm-\\d+]")
                .contains("destroyed and undefined, leftovers now []");
    }

    private static final String FABRIC = "devices:\n  hub: \"acroname:sim?ports=4\"\n"
            + "  concentrator: \"pcie:sim?radios=2&functions=12&hub=hub&ports=0,1&training=50ms\"\n";

    @Test
    void theDemoHoldsTheFabricToItsTopology() throws Exception {
        Files.writeString(dir.resolve("wide.yaml"), FABRIC + "topology:\n  radios:\n"
                + "    - { name: rrh0, port: 0, address: \"0000:01:00.0\", width: 4 }\n"
                + "    - { name: rrh1, port: 1, address: \"0000:02:00.0\", width: 1 }\n");
        CliRun.Result wide = run("--bench", "wide.yaml", "demo");
        assertThat(wide.code()).isEqualTo(ExitCode.FAILED);
        assertThat(wide.out()).as("the other radio's cycle ran to its end").contains("rrh1 (hub port 1): 0000:02:00.0 gone and back");
        assertThat(wide.err()).contains("rrh0 0000:01:00.0: trained to x1 5.0 GT/s after the power cycle; expected x4");
        assertThat(wide.out()).contains("FAILED rrh0 #1 check-link: ").contains("FAILED rrh0 #2 check-link: ");

        Files.writeString(dir.resolve("portless.yaml"), FABRIC + "topology:\n  radios:\n"
                + "    - { name: rrh0, address: \"0000:01:00.0\", width: 1 }\n");
        CliRun.Result portless = run("--bench", "portless.yaml", "demo");
        assertThat(portless.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(portless.err()).contains("topology.radios[0]: port is missing");

        Files.writeString(dir.resolve("quoted.yaml"), FABRIC + "topology:\n  radios:\n"
                + "    - { name: rrh0, port: \"0\", address: \"0000:01:00.0\", width: 1 }\n");
        assertThat(run("--bench", "quoted.yaml", "demo").err())
                .contains("topology.radios[0].port: expected a whole number of at least 0, got the string \"0\"");

        Files.writeString(dir.resolve("bare.yaml"), FABRIC);
        assertThat(run("--bench", "bare.yaml", "demo").out()).contains("No radio heads in the bench's topology");
    }

    /** What a user typed wrong is one line with the exit code of its kind: never a stack trace, never the whole help. */
    @Test
    void badInputIsOneLineWithItsExitCode() {
        record Case(int code, String message, List<String> args) {
            Case(int code, String message, String... args) {
                this(code, message, List.of(args));
            }
        }
        for (Case c : List.of(
                new Case(ExitCode.CONFIG, "traceCapacity must be at least 1, not 0",
                        "lin", "request", "lin-mock:?ldf=builtin:alm&traceCapacity=0", "0x10", "8"),
                new Case(ExitCode.CONFIG, "load must be positive ohms, not 0.0", "psu", "idn", "owon:sim:SPE6103?load=0"),
                new Case(ExitCode.CONFIG, "dir=/proc is neither empty nor a simulated tree", "pcie", "list", "--host", "pcie:sim?dir=/proc"),
                new Case(ExitCode.USAGE, "command timeout must be positive, not PT0S", "shell", "--timeout", "0s", "local:", "--", "true"),
                new Case(ExitCode.USAGE, "Unknown option: '--nope'", "bench", "--nope"))) {
            CliRun.Result r = run(c.args().toArray(new String[0]));
            String what = String.join(" ", c.args());
            assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(c.code());
            assertThat(r.err()).as(what).contains(c.message()).doesNotContain("\tat ").doesNotContain("Usage:");
            assertThat(r.err().lines().count()).as(what + ": " + r.err()).isLessThanOrEqualTo(2);
        }
        assertThat(run("bench", "--nope").err()).contains("Try 'benchhal bench --help'");
    }
}
