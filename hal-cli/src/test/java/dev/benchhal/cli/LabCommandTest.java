package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LabCommandTest {

    @TempDir
    Path dir;

    private Path lab(String specs) throws IOException {
        return Files.writeString(dir.resolve("lab.yaml"), """
                version: 1
                leases: { directory: leases, time: 30s }
                boards:
                  - { id: 5f2c, type: RPI_PICO_W, capabilities: [wlan] }
                  - { id: 1831, type: RPI_PICO_W, capabilities: [wlan] }
                  - { id: 2d2d, type: PYBV11 }
                firmware:
                  command: [sh, -c, 'echo "$BENCHHAL_FIRMWARE_TYPE" > "$BENCHHAL_FIRMWARE_OUTPUT"']
                specs:
                """ + specs);
    }

    @Test
    void runRunsEverySpecAndSummarisesWithExitZeroWhenAllPassed() throws IOException {
        Path lab = lab("""
                  - name: RUN-TESTS_EXTMOD_HARDWARE
                    needs: [{ role: board }]
                    firmware: ""
                    command: [sh, -c, 'cat "$BENCHHAL_FIRMWARE_BOARD"']
                  - name: RUN-MULTITESTS_MULTINET
                    needs: [{ role: sta, capabilities: [wlan] }, { role: ap, capabilities: [wlan] }]
                    command: [sh, -c, 'echo "$BENCHHAL_BOARD_STA vs $BENCHHAL_BOARD_AP"']
                """);
        CliRun.Result r = CliRun.run(dir, "lab", "run", lab.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("RUN-TESTS_EXTMOD_HARDWARE\\[2d2d-PYBV11\\] +PASSED")
                .containsPattern("RUN-MULTITESTS_MULTINET\\[1831-RPI_PICO_W,5f2c-RPI_PICO_W\\] +PASSED")
                .contains("3 runs: 3 passed, 0 failed")
                .contains("PASSED: 3 runs of 3 board sets, none failed.", "report: " + dir.resolve("results/report.html"));
        assertThat(Files.readString(dir.resolve("results/RUN-TESTS_EXTMOD_HARDWARE[2d2d-PYBV11]/run.log"))).contains("PYBV11");
        assertThat(Files.readString(dir.resolve("results/summary.md"))).contains("| RUN-MULTITESTS_MULTINET | 1 | 0 |");

        CliRun.Result status = CliRun.run(dir, "lab", "status", lab.toString());
        assertThat(status.out()).contains("ended: PASSED=3").contains("running: none");

        Files.delete(dir.resolve("results/report.html"));
        CliRun.Result report = CliRun.run(dir, "lab", "report", lab.toString());
        assertThat(report.code()).isZero();
        assertThat(report.out()).contains("PASSED: 3 runs of 3 board sets, none failed.");
        assertThat(dir.resolve("results/report.html")).isRegularFile();
    }

    @Test
    void aBoardThatCannotBePreparedEndsItsRunAsAnErrorWithoutItsTest() throws IOException {
        Path lab = Files.writeString(dir.resolve("lab.yaml"), """
                boards: [{ id: x1, type: T }]
                prepare: [sh, -c, 'echo "hub port of $BENCHHAL_BOARD does not power on"; exit 7']
                specs:
                  - { name: S, needs: [{ role: b }], command: [sh, -c, 'echo the test ran > ran.txt'] }
                """);
        CliRun.Result r = CliRun.run(dir, "lab", "run", lab.toString());
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).containsPattern("S\\[x1-T\\] +ERROR").contains("preparing board x1: sh exited with 7 (see run.log)");
        assertThat(Files.readString(dir.resolve("results/S[x1-T]/run.log"))).contains("hub port of x1 does not power on");
        assertThat(dir.resolve("results/S[x1-T]/ran.txt")).doesNotExist();

        // the hub port is fixed: resumed, the run without a verdict runs again and passes
        Files.writeString(lab, Files.readString(lab).replace("exit 7", "exit 0"));
        CliRun.Result resumed = CliRun.run(dir, "lab", "run", lab.toString(), "--resume");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).containsPattern("S\\[x1-T\\] +PASSED");
        assertThat(dir.resolve("results/S[x1-T]/ran.txt")).exists();
    }

    /** A Raspberry Pi Pico W as sysfs shows it, at usb/3-1 of the test's directory: board ab12. */
    private void picoOnTheUsbBus() throws IOException {
        Path pico = Files.createDirectories(dir.resolve("usb/3-1"));
        Files.writeString(pico.resolve("idVendor"), "2e8a\n");
        Files.writeString(pico.resolve("idProduct"), "0005\n");
        Files.writeString(pico.resolve("serial"), "E66141040F23AB12\n");
    }

    @Test
    void boardsDiscoveredOnTheUsbBusesRunTheWork() throws IOException {
        picoOnTheUsbBus();
        Path lab = Files.writeString(dir.resolve("lab.yaml"), """
                discover:
                  usbDevices: usb
                  usb: [{ vendor: 2e8a, product: "0005", type: RPI_PICO_W, serialDigits: 4 }]
                specs:
                  - { name: S, needs: [{ role: b }], command: [sh, -c, 'echo "on $BENCHHAL_BOARD"'] }
                """);
        CliRun.Result r = CliRun.run(dir, "lab", "run", lab.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("1 boards").containsPattern("S\\[ab12-RPI_PICO_W\\] +PASSED");
    }

    @Test
    void aBoardPluggedInWhileTheLabRunsGetsItsWork() throws IOException {
        picoOnTheUsbBus();
        // the run on the first board plugs in a second one (made aside, then moved in whole, as the kernel shows a
        // device) and waits on a pipe until the run on the new board writes to it: the lab ends only if the watch saw
        // the board and the scheduler gave it work while the first run was still going
        Path script = Files.writeString(dir.resolve("plug.sh"), """
                if [ "$BENCHHAL_BOARD_B" = ab12 ]; then
                  mkfifo D/sync && mkdir -p D/aside/3-2 && printf '2e8a\\n' > D/aside/3-2/idVendor &&
                  printf '0005\\n' > D/aside/3-2/idProduct && printf 'E66141040F23CD34\\n' > D/aside/3-2/serial &&
                  mv D/aside/3-2 D/usb/3-2 && read from < D/sync && echo "ran beside $from"
                else
                  echo "$BENCHHAL_BOARD_B" > D/sync
                fi
                """.replace("D/", dir.toAbsolutePath() + "/"));
        Path lab = Files.writeString(dir.resolve("lab.yaml"), """
                discover:
                  usbDevices: usb
                  every: 20ms
                  usb: [{ vendor: 2e8a, product: "0005", type: RPI_PICO_W, serialDigits: 4 }]
                specs:
                  - name: S
                    needs: [{ role: b }]
                    coverage: each-board
                    timeLimit: 60s
                    command: [sh, %s]
                """.formatted(script.toAbsolutePath()));
        CliRun.Result r = CliRun.run(dir, "lab", "run", lab.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("1 boards").containsPattern("S\\[ab12-RPI_PICO_W\\] +PASSED")
                .containsPattern("S\\[cd34-RPI_PICO_W\\] +PASSED");
        assertThat(Files.readString(dir.resolve("results/S[ab12-RPI_PICO_W]/run.log"))).contains("ran beside cd34");
    }

    @Test
    void aFailingRunMakesExitOneAndIsNamed() throws IOException {
        Path lab = lab("""
                  - name: FAILS
                    coverage: once
                    needs: [{ role: board, types: [PYBV11] }]
                    command: [sh, -c, 'echo "3 of 40 tests failed"; exit 1']
                """);
        CliRun.Result r = CliRun.run(dir, "lab", "run", lab.toString(), "--policy", "priority");
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).containsPattern("FAILS\\[2d2d-PYBV11\\] +FAILED").contains("sh exited with 1: the test failed (see run.log)");
        assertThat(Files.readString(dir.resolve("results/summary.md")))
                .contains("| 2d2d | 1 | FAILS | FAILED: sh exited with 1: the test failed (see run.log) |");
        assertThat(CliRun.run(dir, "lab", "report", lab.toString()).code()).as("lab report of a failed lab").isEqualTo(ExitCode.FAILED);
    }

    @Test
    void leasesShowsHoldersAndReleaseFencesThemOff() throws IOException {
        Path lab = lab("""
                  - name: NOTHING
                    needs: [{ role: board }]
                    command: ['true']
                """);
        dev.benchhal.lab.lease.LeaseStore other = dev.benchhal.lab.lease.FileLeaseStore.open(dir.resolve("leases"));
        try {
            long token = other.tryAcquire(java.util.List.of("1831"), java.time.Duration.ofMinutes(10)).orElseThrow().token();
            CliRun.Result leases = CliRun.run(dir, "lab", "leases", lab.toString());
            assertThat(leases.code()).isZero();
            assertThat(leases.out()).containsPattern("1831 +RPI_PICO_W +" + java.util.regex.Pattern.quote(other.holder()) + " +" + token)
                    .containsPattern("2d2d +PYBV11 +free");

            CliRun.Result release = CliRun.run(dir, "lab", "release", lab.toString(), "1831");
            assertThat(release.out()).contains("1831 released from " + other.holder() + " (token " + token + ")");
            assertThat(CliRun.run(dir, "lab", "release", lab.toString(), "1831").out()).contains("1831 was free");
        } finally {
            other.close();
        }
    }

    @Test
    void badLabFilesAndArgumentsAreOneLineWithTheirExitCode() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "boards:\n  - { id: x1, type: T }\nspecs:\n  - { name: S, needs: [{role: b}], coverage: every, command: ['true'] }\n");
        CliRun.Result bad = CliRun.run(dir, "lab", "run", dir.resolve("bad.yaml").toString());
        assertThat(bad.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("bad.yaml line 4 (specs[0].coverage)")
                .contains("expected one of [each-board, each-board-type, once], got \"every\"");

        CliRun.Result missing = CliRun.run(dir, "lab", "run", dir.resolve("nothere.yaml").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("lab file does not exist");

        Path lab = lab("  - { name: S, needs: [{role: b}], command: ['true'] }\n");
        CliRun.Result unknownBoard = CliRun.run(dir, "lab", "release", lab.toString(), "nope");
        assertThat(unknownBoard.code()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownBoard.err()).contains("no board \"nope\"").contains("5f2c, 1831, 2d2d");
        assertThat(CliRun.run(dir, "lab", "run", lab.toString(), "--policy", "fastest").err())
                .contains("--policy: expected critical-work-first or priority, got \"fastest\"");
    }

    @Test
    void simulateComparesBothPoliciesInVirtualTime() throws IOException {
        Path lab = lab("""
                  - { name: LONG, priority: 1, needs: [{role: b}], coverage: each-board, expected: 30m, command: ['true'] }
                  - { name: SHORT, priority: 9, needs: [{role: b}], coverage: each-board, repeat: 10, expected: 1m, command: ['true'] }
                """);
        CliRun.Result r = CliRun.run(dir, "lab", "simulate", lab.toString(), "--build-time", "1s");
        assertThat(r.code()).as(r.err()).isZero();
        // one board each: 30 + 10 minutes of work per board whatever the order
        assertThat(r.out()).containsPattern("priority +33 +40 min +40 min +1.000 +0")
                .containsPattern("critical-work-first +33 +40 min +40 min +1.000 +0");
    }

    @Test
    void theGuidesExampleLabRunsAsWritten() throws IOException {
        Path lab = Files.copy(Path.of("..", "docs", "lab", "lab.yaml"), dir.resolve("lab.yaml"));
        CliRun.Result simulated = CliRun.run(dir, "lab", "simulate", lab.toString());
        assertThat(simulated.code()).as(simulated.err()).isZero();
        assertThat(simulated.out()).containsPattern("critical-work-first +9 ");

        CliRun.Result r = CliRun.run(dir, "lab", "run", lab.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("9 runs: 9 passed").containsPattern("RUN-MULTITESTS_MULTINET\\[1831-RPI_PICO_W,5f2c-RPI_PICO_W\\] +PASSED");
        assertThat(Files.readString(dir.resolve("results/RUN-TESTS_STANDARD[2d2d-PYBV11]/run.log")))
                .contains("prepare 2d2d (PYBV11): flash PYBV11.img").contains("run-tests.py on 2d2d (PYBV11)").contains("firmware for PYBV11");
    }
}
