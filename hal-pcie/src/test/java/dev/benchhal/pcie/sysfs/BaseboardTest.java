package dev.benchhal.pcie.sysfs;

import dev.benchhal.DeviceUri;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.tck.shell.ForwardingHostShell;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dump's {@code dmidecode -t baseboard} block: its first 14 lines when the tool succeeds, nothing
 * when it fails (no /dev/mem, not root, as on this machine) or when the host probe is off. A fake
 * dmidecode, run by a real shell, stands in for SMBIOS, in process and through the one-script probe.
 */
class BaseboardTest {

    private static final List<String> BOARD = IntStream.rangeClosed(1, 20).mapToObj(i -> "board line " + i).toList();

    @TempDir
    Path tools;

    /** This machine's shell with {@code tools} first: Java resolves a program on its own PATH, a script on the child's. */
    private final class FakeToolsShell extends ForwardingHostShell {
        FakeToolsShell() {
            super(new LocalHostShell());
        }

        @Override
        public CommandResult run(Command command) {
            List<String> argv = new ArrayList<>(command.argv());
            if (Files.isExecutable(tools.resolve(argv.get(0)))) {
                argv.set(0, tools.resolve(argv.get(0)).toString());
            }
            return super.run(new Command(argv, command.timeout(), command.environment(), command.workingDirectory(),
                    command.stdin(), command.maxOutputBytes()).withEnv("PATH", tools + ":" + System.getenv("PATH")));
        }
    }

    private Path dmidecode(String body) throws IOException {
        Path fake = tools.resolve("dmidecode");
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> '" + tools.resolve("runs") + "'\n" + body + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake;
    }

    private List<String> runs() throws IOException {
        Path runs = tools.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
    }

    /** The same snapshot in process ({@link LocalSysfs}) and through a shell script ({@link ShellSysfs}). */
    private List<HostSnapshot> snapshots(SnapshotOptions options) {
        List<Function<HostShell, SysfsSource>> sources = List.of(
                shell -> new LocalSysfs(LocalSysfs.DEFAULT_DEVICES, LocalSysfs.DEFAULT_CPUINFO, shell),
                shell -> new ShellSysfs(shell, LocalSysfs.DEFAULT_DEVICES.toString(), LocalSysfs.DEFAULT_CPUINFO.toString(),
                        Duration.ofSeconds(30)));
        List<HostSnapshot> out = new ArrayList<>();
        for (Function<HostShell, SysfsSource> source : sources) {
            try (HostShell shell = new FakeToolsShell();
                 PcieHost host = new SysfsPcieHost(DeviceUri.parse("pcie:local"), source.apply(shell), PciIds.none(),
                         BenchClock.system(), null)) {
                out.add(host.snapshot(options));
            }
        }
        return out;
    }

    @Test
    void theFirstFourteenLinesOfASuccessfulRunInProcessAndThroughAShell() throws IOException {
        dmidecode("for i in $(seq 1 20); do echo \"board line $i\"; done");
        for (HostSnapshot snapshot : snapshots(SnapshotOptions.defaults("board"))) {
            assertThat(snapshot.baseboard()).contains(BOARD.subList(0, 14));
            String human = ConcentratorReport.human(snapshot, PciIds.none(), ConcentratorReport.Options.defaults());
            assertThat(human).contains("dmidecode -t baseboard:\n  board line 1\n").contains("  board line 14\n")
                    .doesNotContain("board line 15");
            assertThat(ConcentratorReport.json(snapshot))
                    .contains("\"dmidecode_baseboard\":\"" + String.join("\\n", BOARD.subList(0, 14)) + "\"");
        }
        assertThat(runs()).containsExactly("-t baseboard", "-t baseboard");
    }

    @Test
    void aFailingRunLeavesTheBlockOut() throws IOException {
        dmidecode("echo '# dmidecode 3.4'; echo '/dev/mem: No such file or directory' >&2; exit 1");
        for (HostSnapshot snapshot : snapshots(SnapshotOptions.defaults("no smbios"))) {
            assertThat(snapshot.baseboard()).isEmpty();
            assertThat(ConcentratorReport.human(snapshot, PciIds.none(), ConcentratorReport.Options.defaults()))
                    .doesNotContain("dmidecode");
            assertThat(ConcentratorReport.json(snapshot)).doesNotContain("dmidecode_baseboard");
        }
        assertThat(runs()).hasSize(2);
    }

    @Test
    void withoutTheHostProbeDmidecodeDoesNotRun() throws IOException {
        dmidecode("echo 'board line 1'");
        SnapshotOptions cpuOnly = new SnapshotOptions("cpu only", false, 0, false);
        for (HostSnapshot snapshot : snapshots(cpuOnly)) {
            assertThat(snapshot.baseboard()).isEmpty();
        }
        assertThat(runs()).isEmpty();
    }
}
