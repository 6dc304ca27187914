package dev.benchhal.lin.mum;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.error.UnsupportedFeatureException;
import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MumBridgeTest {

    private static final Duration T = Duration.ofMillis(100);

    @TempDir
    Path empty;

    @Test
    void happyPathFollowsTheSeedSequenceAndReportsVersions() {
        try (MumLinInterface mum = FakeMum.open("fake", "baud=10417")) {
            assertThat(mum.bridgeInfo()).containsEntry("pymumclient", "0.0-fake").containsEntry("pylin", "0.0-fake")
                    .containsKey("python");
            assertThat(mum.slavePower().orElseThrow().isPowered()).as("powered at open").isTrue();
            assertThat(mum.baudRate()).isEqualTo(10417);
            assertThat(mum.capabilities()).doesNotContain(LinCapability.PASSIVE_RECEIVE).contains(LinCapability.SLAVE_POWER);
            assertThat(mum.requestResponse(0x11, 4, LinChecksumType.ENHANCED, T).data()).containsExactly(0x10, 0, 0, 0);
            mum.send(LinFrame.of(0x0A, 1, 2, 3));
            // what the vendor packages print cannot corrupt the protocol: it goes to stderr, and to the log
            long printed = System.nanoTime() + 5_000_000_000L;
            while (!mum.bridgeLog().contains("connecting to fake") && System.nanoTime() < printed) {
                Thread.onSpinWait();
            }
            assertThat(mum.bridgeLog()).contains("fake MUM client: connecting to fake");
            assertThatThrownBy(() -> mum.requestResponse(0x30, 2)).isInstanceOf(LinNoResponseException.class);
            // stderr is read by its own thread: the line may land a moment after the answer
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!mum.bridgeLog().contains("no response to 0x30") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(mum.bridgeLog()).contains("lin.request: LinTimeoutError: timeout: no response to 0x30");
        }
    }

    @Test
    void diagnosticFramesGoThroughTheTransportLayer() {
        try (MumLinInterface mum = FakeMum.open("fake", "")) {
            mum.send(LinFrame.of(0x3C, 0x7F, 0x06, 0xB2, 0x00, 0xFF, 0x7F, 0xFF, 0xFF));
            LinFrame answer = mum.requestResponse(0x3D, 8);
            assertThat(answer.data()).containsExactly(0x10, 0x06, 0xF2, 0x13, 0x00, 0x1D, 0x0A, 0x01);
            assertThat(answer.checksumType()).isEqualTo(LinChecksumType.CLASSIC);
        }
    }

    @Test
    void missingPackagesFailFastWithWhatToDo() {
        String uri = "mum://fake/lin0?pythonPath=" + empty;
        assertThatThrownBy(() -> new MumProvider().open(DeviceSpec.of(uri), DriverContext.standalone()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("pymumclient is not importable")
                .hasMessageContaining("BENCHHAL_MUM_PYTHON");
    }

    @Test
    void aMissingInterpreterIsNamed() {
        assertThatThrownBy(() -> FakeMum.open("fake", "python=/no/such/python3"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("cannot start the bridge with /no/such/python3");
    }

    @Test
    void anUnreachableMumIsADisconnection() {
        assertThatThrownBy(() -> FakeMum.open("refuse.fake", ""))
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("cannot open the MUM at refuse.fake").hasMessageContaining("host unreachable");
    }

    @Test
    void aBridgeThatCrashesMidRequestIsRestartedByTheNextCall() {
        try (MumLinInterface mum = FakeMum.open("crash-12.fake", "")) {
            long firstPid = mum.bridgePid().orElseThrow();
            assertThatThrownBy(() -> mum.requestResponse(0x12, 8, LinChecksumType.ENHANCED, T))
                    .isInstanceOf(DisconnectedException.class).hasMessageContaining("exited with code 9")
                    .hasMessageContaining("next call starts a new one");
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(mum.requestResponse(0x11, 4, LinChecksumType.ENHANCED, T).id()).isEqualTo(0x11);
            assertThat(mum.bridgeStarts()).isEqualTo(2);
            assertThat(mum.bridgePid()).isPresent().get().isNotEqualTo(firstPid);
        }
    }

    @Test
    void withoutRestartACrashedBridgeStaysDown() {
        try (MumLinInterface mum = FakeMum.open("crash-12.fake", "restart=false")) {
            assertThatThrownBy(() -> mum.requestResponse(0x12, 8, LinChecksumType.ENHANCED, T))
                    .isInstanceOf(DisconnectedException.class);
            assertThatThrownBy(() -> mum.requestResponse(0x11, 4, LinChecksumType.ENHANCED, T))
                    .isInstanceOf(DisconnectedException.class).hasMessageContaining("restarts are off");
        }
    }

    @Test
    void garbageOnStdoutIsAProtocolErrorWithTheLine() {
        try (MumLinInterface mum = FakeMum.open("garbage-12.fake", "")) {
            assertThatThrownBy(() -> mum.requestResponse(0x12, 8, LinChecksumType.ENHANCED, T))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("vendor library debug output");
            assertThat(mum.requestResponse(0x11, 4, LinChecksumType.ENHANCED, T).id()).isEqualTo(0x11);
        }
    }

    @Test
    void aHungBridgeTimesOutAndIsReplaced() {
        try (MumLinInterface mum = FakeMum.open("slow-12.fake", "latency=200ms")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> mum.requestResponse(0x12, 8, LinChecksumType.ENHANCED, T))
                    .isInstanceOf(HalTimeoutException.class).hasMessageContaining("no answer from the bridge within");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
            assertThat(mum.requestResponse(0x11, 4, LinChecksumType.ENHANCED, T).id()).isEqualTo(0x11);
        }
    }

    @Test
    void unpoweredSlavesDoNotAnswer() {
        try (MumLinInterface mum = FakeMum.open("fake", "")) {
            mum.slavePower().orElseThrow().powerDown();
            assertThatThrownBy(() -> mum.requestResponse(0x11, 4, LinChecksumType.ENHANCED, T))
                    .isInstanceOf(LinNoResponseException.class).hasMessageContaining("0x11: no response");
        }
    }

    @Test
    void whatTheMumCannotDoIsSaidUpFront() {
        try (MumLinInterface mum = FakeMum.open("fake", "power=none")) {
            assertThat(mum.slavePower()).isEmpty();
            assertThatThrownBy(() -> mum.send(new LinFrame(0x0A, new byte[] {1}, LinChecksumType.CLASSIC)))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("enhanced");
            assertThatThrownBy(() -> mum.listen(T)).isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("master-driven");
        }
    }

    @Test
    void theBridgeEndsWithTheDriver() {
        MumLinInterface mum = FakeMum.open("fake", "");
        long pid = mum.bridgePid().orElseThrow();
        mum.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThatThrownBy(() -> mum.requestResponse(0x11, 4)).isInstanceOf(DisconnectedException.class);
    }

    @Test
    void badUrisAreConfigurationErrors() {
        for (Map.Entry<String, String> bad : Map.of(
                "mum:///lin0", "expected mum://HOST/lin0",
                "mum://bad_host!/lin0", "is not a host name",
                "mum://fake/Lin-0", "is not a MUM device name",
                "mum://fake/lin0?baud=50000", "baud=50000",
                "mum://fake/lin0?power=Power-Out", "option power=",
                "mum://fake/lin0?bogus=1", "unknown option").entrySet()) {
            assertThatThrownBy(() -> new MumProvider().open(DeviceSpec.of(bad.getKey()), DriverContext.standalone()))
                    .as(bad.getKey()).isInstanceOf(ConfigException.class).hasMessageContaining(bad.getValue());
        }
    }
}
