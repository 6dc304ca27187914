package dev.benchhal.lin.mum;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.testcontainers.LabHostExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A MUM reached from a lab host ({@code mum://...?via=}): the real bridge script runs in a container of its own
 * ({@link LabHostContainer}) over SSH for as long as the interface is open, with the fake Melexis packages there.
 */
@ExtendWith(LabHostExtension.class)
class LabHostMumTest {

    private static final Duration T = Duration.ofMillis(300);

    private static LabHostContainer host;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(LabHostContainer container) {
        host = container;
    }

    private Bench bench(String lin) {
        String yaml = "devices:\n"
                + "  labhost: \"" + host.sshUri() + "\"\n"
                + "  lin: \"" + lin + "\"\n";
        return Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load());
    }

    @Test
    void theBridgeRunsOnTheLabHostWhileTheInterfaceIsOpenAndLeavesNothingThere() {
        long pid;
        String bridgeDirectory;
        try (Bench bench = bench(host.mumUri("fake", "labhost") + "&baud=10417&bootSettle=10ms")) {
            MumLinInterface mum = (MumLinInterface) bench.get("lin", LinInterface.class);
            HostShell labHost = bench.get("labhost", HostShell.class);
            assertThat(mum.bridgeInfo()).containsEntry("pymumclient", "0.0-fake").containsEntry("pylin", "0.0-fake");
            assertThat(mum.slavePower().orElseThrow().isPowered()).isTrue();
            assertThat(mum.requestResponse(0x11, 4, LinChecksumType.ENHANCED, T).data()).containsExactly(0x10, 0, 0, 0);
            mum.send(LinFrame.of(0x0A, 1, 2, 3));
            assertThat(mum.requestResponse(0x12, 8).data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);

            pid = mum.bridgePid().orElseThrow();
            assertThat(labHost.readText("/proc/" + pid + "/cmdline").replace('\0', ' '))
                    .contains(LabHostContainer.PYTHON + " -u mum_bridge.py");
            bridgeDirectory = labHost.run("readlink", "/proc/" + pid + "/cwd").requireSuccess().stdoutText().strip();
            assertThat(bridgeDirectory).matches("/tmp/benchhal-bridge\\.[A-Za-z0-9]{10}");
            assertThat(labHost.run("stat", "-c", "%a", bridgeDirectory).stdoutText().strip())
                    .as("only the lab host's user may write where Python looks first").isEqualTo("700");
            assertThat(mum.bridgeStarts()).isEqualTo(1);
        }
        try (HostShell labHost = DriverRegistry.load().open(host.sshUri(), HostShell.class)) {
            assertGone(labHost, pid);
            assertThat(labHost.run("test", "-e", bridgeDirectory).exitCode()).as(bridgeDirectory + " removed").isNotZero();
        }
    }

    @Test
    void aBridgeThatCrashesOnTheLabHostIsStartedAgainByTheNextCall() {
        try (Bench bench = bench(host.mumUri("crash-12.fake", "labhost") + "&bootSettle=10ms")) {
            MumLinInterface mum = (MumLinInterface) bench.get("lin", LinInterface.class);
            long first = mum.bridgePid().orElseThrow();
            assertThatThrownBy(() -> mum.requestResponse(0x12, 8)).isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("the bridge exited with code 9");
            assertThat(mum.requestResponse(0x11, 4).data()).containsExactly(0x10, 0, 0, 0);
            assertThat(mum.bridgeStarts()).isEqualTo(2);
            assertThat(mum.bridgePid().orElseThrow()).isNotEqualTo(first);
        }
    }

    @Test
    void aBridgeThatHangsIsKilledOnTheLabHost() {
        try (Bench bench = bench(host.mumUri("slow-12.fake", "labhost") + "&bootSettle=10ms&latency=200ms")) {
            MumLinInterface mum = (MumLinInterface) bench.get("lin", LinInterface.class);
            HostShell labHost = bench.get("labhost", HostShell.class);
            long hung = mum.bridgePid().orElseThrow();
            assertThatThrownBy(() -> mum.requestResponse(0x12, 8, LinChecksumType.ENHANCED, T))
                    .isInstanceOf(HalTimeoutException.class).hasMessageContaining("the bridge was killed");
            assertGone(labHost, hung);
            assertThat(mum.requestResponse(0x11, 4).data()).containsExactly(0x10, 0, 0, 0);
            assertThat(mum.bridgeStarts()).isEqualTo(2);
        }
    }

    @Test
    void aLabHostWithoutMelexisPackagesOrPythonSaysSoAndWhere() {
        String where = "on root@127.0.0.1:" + host.sshPort();
        try (Bench bench = bench("mum://fake/lin0?via=labhost&python=" + LabHostContainer.PYTHON + "&pythonPath=/opt/none")) {
            assertThatThrownBy(() -> bench.get("lin", LinInterface.class)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("pymumclient is not importable").hasMessageContaining(where);
        }
        try (Bench bench = bench("mum://fake/lin0?via=labhost&python=/no/such/python3")) {
            assertThatThrownBy(() -> bench.get("lin", LinInterface.class)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("cannot start the bridge with /no/such/python3 " + where);
        }
    }

    /** A killed process may stay a zombie until the container's first process reaps it: that counts as gone. */
    private static void assertGone(HostShell labHost, long pid) {
        CommandResult alive = labHost.run("sh", "-c", "kill -0 " + pid + " 2>/dev/null || exit 1; "
                + "grep -q '^State:.*Z' /proc/" + pid + "/status 2>/dev/null && exit 1; exit 0");
        assertThat(alive.exitCode()).as("bridge process " + pid + " must be gone from the lab host").isNotZero();
    }
}
