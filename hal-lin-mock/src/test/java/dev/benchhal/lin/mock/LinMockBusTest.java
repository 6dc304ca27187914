package dev.benchhal.lin.mock;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.lin.LinBusException;
import dev.benchhal.lin.LinChecksumException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinMockBusTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();
    private final LinMock mock = MockClusters.doorsMock(clock);
    private final FrameIO fio = new FrameIO(mock, mock.ldf());
    private static final Duration T = Duration.ofMillis(50);

    @AfterEach
    void close() {
        mock.close();
    }

    @Test
    void slavesPublishTheirCurrentSignalValues() {
        mock.slave("LeftDoor").set("LeftPos", 42);
        assertThat(fio.readSignal("LeftStatus", "LeftPos", T)).contains(42L);
        assertThat(mock.master().getRaw("LeftPos")).isEqualTo(42);
        // RightDoor subscribes to LeftPos: it saw the frame go by
        assertThat(mock.slave("RightDoor").getRaw("LeftPos")).isEqualTo(42);
    }

    @Test
    void masterFramesUpdateTheSubscribers() {
        fio.send("LiftRequest", Map.of("LiftCmd", 2));
        assertThat(mock.slave("LeftDoor").getRaw("LiftCmd")).isEqualTo(2);
        assertThat(mock.slave("RightDoor").getRaw("LiftCmd")).isEqualTo(2);
        assertThat(mock.trace().entries()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TraceEntry.Kind.MASTER_FRAME);
            assertThat(e.note()).isEqualTo("LiftRequest");
        });
    }

    @Test
    void aMasterFrameWithTheWrongChecksumModelIsIgnoredBySlaves() {
        mock.send(new LinFrame(0x20, new byte[] {2}, LinChecksumType.CLASSIC));
        assertThat(mock.slave("LeftDoor").getRaw("LiftCmd")).isZero();
        assertThat(mock.trace().entries()).last().extracting(TraceEntry::note).asString()
                .contains("ignored by LeftDoor (CLASSIC checksum, expected ENHANCED)");
    }

    @Test
    void everyFrameTakesItsFrameTimeOnTheBenchClock() {
        Duration before = clock.elapsed();
        fio.receive("LeftStatus", T);
        assertThat(clock.elapsed().minus(before)).isEqualTo(LinProtocol.nominalFrameTime(2, 19200));
        before = clock.elapsed();
        assertThat(fio.receiveRaw(0x30, 2, Duration.ofMillis(30))).isEmpty();
        assertThat(clock.elapsed().minus(before)).isEqualTo(Duration.ofMillis(30));
        mock.setBaudRate(9600);
        before = clock.elapsed();
        fio.receive("LeftStatus", T);
        assertThat(clock.elapsed().minus(before)).isEqualTo(LinProtocol.nominalFrameTime(2, 9600));
    }

    @Test
    void aResponseReadWithTheWrongLengthOrModelIsAnError() {
        assertThatThrownBy(() -> mock.requestResponse(0x10, 4, LinChecksumType.ENHANCED, T))
                .isInstanceOf(LinNoResponseException.class).hasMessageContaining("answered 2 of 4 bytes");
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2, LinChecksumType.CLASSIC, T))
                .isInstanceOf(LinChecksumException.class).hasMessageContaining("0x10: checksum");
    }

    @Test
    void eventTriggeredFramesAnswerWithNewsAndCollideWhenTwoHaveIt() {
        assertThatThrownBy(() -> fio.receiveRaw(0x3A, 2, T).orElseThrow()).isInstanceOf(java.util.NoSuchElementException.class);
        mock.slave("LeftDoor").set("LeftSwitch", "up");
        LinFrame left = mock.requestResponse(0x3A, 2, LinChecksumType.ENHANCED, T);
        assertThat(left.dataByte(0)).isEqualTo(LinProtocol.protectedId(0x12));
        assertThat(mock.master().get("LeftSwitch")).isEqualTo("up");
        // sent once: no news any more
        assertThat(fio.receiveRaw(0x3A, 2, T)).isEmpty();
        mock.slave("LeftDoor").set("LeftSwitch", "down");
        mock.slave("RightDoor").set("RightSwitch", "up");
        assertThatThrownBy(() -> mock.requestResponse(0x3A, 2, LinChecksumType.ENHANCED, T))
                .isInstanceOf(LinBusException.class).hasMessageContaining("collision on 0x3A")
                .hasMessageContaining("LeftDoor and RightDoor");
        // the collision resolving table polls both: news delivered, the event frame is quiet again
        mock.schedules().runOnce("Resolve");
        assertThat(mock.master().get("LeftSwitch")).isEqualTo("down");
        assertThat(mock.master().get("RightSwitch")).isEqualTo("up");
        assertThat(fio.receiveRaw(0x3A, 2, T)).isEmpty();
    }

    @Test
    void unpoweredBootingAndSleepingSlavesAreSilent() {
        var power = mock.slavePower().orElseThrow();
        power.powerDown();
        assertThat(fio.receive("LeftStatus", T)).isEmpty();
        assertThat(mock.trace().entries()).last().extracting(TraceEntry::note).isEqualTo("slaves unpowered");
        mock.slave("LeftDoor").set("LeftPos", 7);
        power.powerUp();                               // waits the boot time: answers at once afterwards
        assertThat(fio.readSignal("LeftStatus", "LeftPos", T)).contains(0L);   // values were lost with the power
        mock.goToSleep();
        assertThat(mock.isAsleep()).isTrue();
        assertThat(fio.receive("LeftStatus", T)).isEmpty();
        mock.wakeUp();
        assertThat(fio.receive("LeftStatus", T)).as("still waking up").isEmpty();
        clock.sleep(Duration.ofMillis(100));
        assertThat(fio.receive("LeftStatus", T)).isPresent();
    }

    @Test
    void slavesAreSilentForTheBootTimeAfterPowerUp() {
        LinMock quick = LinMock.builder(MockClusters.doors()).clock(clock).bootTime(Duration.ofMillis(80))
                .bootSettle(Duration.ZERO).build();
        FrameIO io = new FrameIO(quick, quick.ldf());
        var power = quick.slavePower().orElseThrow();
        power.powerDown();
        power.powerUp();
        assertThat(io.receive("LeftStatus", T)).isEmpty();
        clock.sleep(Duration.ofMillis(80));
        assertThat(io.receive("LeftStatus", T)).isPresent();
        quick.close();
    }

    @Test
    void injectedFaultsSurfaceAsTheDriverExceptions() {
        mock.faults().once("LeftStatus", LinFault.NO_RESPONSE);
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2)).isInstanceOf(LinNoResponseException.class)
                .hasMessageContaining("injected no response");
        assertThat(mock.requestResponse(0x10, 2).id()).as("once means once").isEqualTo(0x10);
        mock.faults().once("LeftStatus", LinFault.WRONG_CHECKSUM);
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2)).isInstanceOf(LinChecksumException.class);
        mock.faults().once("LeftStatus", LinFault.BIT_FLIP);
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2)).isInstanceOf(LinChecksumException.class);
        mock.faults().once("LeftStatus", LinFault.TRUNCATED);
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2)).isInstanceOf(LinNoResponseException.class)
                .hasMessageContaining("answered 1 of 2 bytes");
        mock.faults().once("LeftStatus", LinFault.COLLISION);
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2)).isInstanceOf(LinBusException.class);
        mock.faults().lateBy(Duration.ofMillis(5)).times(0x10, LinFault.LATE_RESPONSE, 2);
        Duration before = clock.elapsed();
        assertThat(mock.requestResponse(0x10, 2, LinChecksumType.ENHANCED, Duration.ofMillis(50)).id()).isEqualTo(0x10);
        assertThat(clock.elapsed().minus(before)).isEqualTo(LinProtocol.nominalFrameTime(2, 19200).plusMillis(5));
        mock.faults().lateBy(Duration.ofMillis(100));
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2, LinChecksumType.ENHANCED, Duration.ofMillis(50)))
                .isInstanceOf(LinNoResponseException.class).hasMessageContaining("late");
        assertThat(mock.faults().injected()).isEqualTo(7);
    }

    @Test
    void randomFaultsAreSeededAndRepeatable() {
        int[] first = failures(1);
        int[] again = failures(1);
        assertThat(again).isEqualTo(first);
        assertThat(first[0]).isBetween(150, 250);   // 20 % of 1000
    }

    private int[] failures(long seed) {
        LinMock m = LinMock.builder(MockClusters.doors()).clock(VirtualClock.autoAdvancing()).seed(seed).build();
        m.faults().randomly(LinFault.NO_RESPONSE, 0.2);
        int failed = 0;
        int firstFailure = -1;
        for (int i = 0; i < 1000; i++) {
            try {
                m.requestResponse(0x10, 2);
            } catch (LinNoResponseException e) {
                failed++;
                if (firstFailure < 0) {
                    firstFailure = i;
                }
            }
        }
        m.close();
        return new int[] {failed, firstFailure};
    }

    @Test
    void theTraceIsTimestampedReadableAndExportable() {
        fio.send("LockRequest", Map.of("Lock", 1));
        fio.receive("LeftStatus", T);
        fio.receiveRaw(0x30, 2, T);
        var entries = mock.trace().entries();
        assertThat(entries).extracting(TraceEntry::kind).containsExactly(TraceEntry.Kind.MASTER_FRAME,
                TraceEntry.Kind.SLAVE_RESPONSE, TraceEntry.Kind.NO_RESPONSE);
        assertThat(entries.get(1).at()).isGreaterThan(entries.get(0).at());
        assertThat(entries.get(1).node()).isEqualTo("LeftDoor");
        StringWriter out = new StringWriter();
        mock.trace().export(out);
        assertThat(out.toString()).contains("0x21 MASTER_FRAME   01").contains("0x10 SLAVE_RESPONSE 00 00")
                .contains("0x30 NO_RESPONSE").contains("no slave publishes this id");
    }

    @Test
    void listenSeesTheFramesOthersPutOnTheBus() throws Exception {
        // both threads join the virtual clock, so time moves only when both wait: deterministic
        java.util.concurrent.CountDownLatch joined = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (var participation = clock.join()) {
                joined.countDown();
                clock.sleep(Duration.ofMillis(5));
                fio.send("LockRequest", Map.of("Lock", 1));
            }
        });
        try (var participation = clock.join()) {
            other.start();
            joined.await();
            Duration start = clock.elapsed();
            var heard = mock.listen(Duration.ofMillis(100));
            assertThat(heard).hasValueSatisfying(f -> assertThat(f.id()).isEqualTo(0x21));
            assertThat(clock.elapsed().minus(start)).isLessThan(Duration.ofMillis(10));
        }
        other.join(); // outside the participation: a participant that blocks stops virtual time
        assertThat(mock.listen(Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void closedBusRefusesFrames() {
        mock.close();
        assertThatThrownBy(() -> mock.requestResponse(0x10, 2)).isInstanceOf(DisconnectedException.class);
        assertThatThrownBy(() -> mock.send(LinFrame.of(0x20, 1))).isInstanceOf(DisconnectedException.class);
    }
}
