package dev.benchhal.lin.mock;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.NodeConfiguration;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleRunnerTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();
    private final LinMock mock = MockClusters.doorsMock(clock);

    @AfterEach
    void close() {
        mock.close();
    }

    private List<TraceEntry> frames() {
        return mock.trace().entries(e -> e.frameId() >= 0);
    }

    @Test
    void onePassPlaysEverySlotAtItsTime() {
        mock.slave("LeftDoor").set("LeftPos", 11);
        mock.schedules().runOnce("Normal");
        List<TraceEntry> trace = frames();
        // LeftStatus, RightStatus, Switches (no news: silent), Requests (no update: empty slot)
        assertThat(trace).extracting(TraceEntry::frameId).containsExactly(0x10, 0x11, 0x3A);
        assertThat(trace.get(2).kind()).isEqualTo(TraceEntry.Kind.NO_RESPONSE);
        assertThat(trace.get(1).at().minus(trace.get(0).at())).isEqualTo(Duration.ofMillis(10));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(40));
        assertThat(mock.master().getRaw("LeftPos")).isEqualTo(11);
    }

    @Test
    void sporadicSlotsSendTheFirstUpdatedFrameAndCollisionsRunTheResolvingTable() {
        mock.master().set("LiftCmd", 1);
        mock.slave("LeftDoor").set("LeftSwitch", "up");
        mock.slave("RightDoor").set("RightSwitch", "down");
        mock.schedules().runOnce("Normal");
        List<TraceEntry> trace = frames();
        assertThat(trace).extracting(TraceEntry::frameId).containsExactly(0x10, 0x11, 0x3A, 0x12, 0x13, 0x20);
        assertThat(trace.get(2).kind()).isEqualTo(TraceEntry.Kind.ERROR);
        assertThat(mock.master().get("RightSwitch")).isEqualTo("down");
        assertThat(mock.slave("LeftDoor").getRaw("LiftCmd")).isEqualTo(1);
    }

    @Test
    void nodeConfigurationCommandsAndSlaveResponseSlots() {
        mock.schedules().runOnce("Config");
        assertThat(mock.slave("RightDoor").nad()).isEqualTo(0x22);
        List<TraceEntry> trace = frames();
        assertThat(trace.get(0).frameId()).isEqualTo(LinProtocol.MASTER_REQUEST_ID);
        assertThat(trace.get(1).kind()).isEqualTo(TraceEntry.Kind.SLAVE_RESPONSE);
        assertThat(trace.get(1).data().get(2)).isEqualTo(0xF0);
    }

    @Test
    void theBackgroundRunnerKeepsStepWithVirtualTime() {
        mock.schedules().queueMasterRequest(NodeConfiguration.saveConfiguration(0x21));
        // the test thread joins the clock too, so the runner cannot run ahead while the test is busy
        try (var participation = clock.join()) {
            mock.schedules().start("Normal");
            assertThat(mock.schedules().current()).contains("Normal");
            clock.sleep(Duration.ofMillis(390));    // the runner plays passes at 0, 40, ... 360 ms
            mock.schedules().stop();
        }
        assertThat(mock.schedules().current()).isEmpty();
        long passes = frames().stream().filter(e -> e.frameId() == 0x10).count();
        assertThat(passes).isEqualTo(10);
        assertThat(frames().stream().filter(e -> e.frameId() == 0x3C).count()).as("the queued master request").isEqualTo(0);
        assertThat(mock.listen(Duration.ofMillis(20))).isEmpty();
    }

    /** The system clock, with every sleep asked of it recorded. */
    private static final class SleepRecordingClock implements dev.benchhal.time.BenchClock {
        private final dev.benchhal.time.BenchClock real = dev.benchhal.time.BenchClock.system();
        private final List<Duration> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public java.time.Instant now() {
            return real.now();
        }

        @Override
        public long nanoTime() {
            return real.nanoTime();
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            real.sleep(duration);
        }
    }

    @Test
    void onTheSystemClockEachSlotWaitsOnTheBenchClockForWhatIsLeftOfIt() {
        // timing itself is checked in virtual time (above); here: the runner waits through the clock it is
        // given, at most the rest of each 10 ms slot, never past it and never on its own
        SleepRecordingClock clock = new SleepRecordingClock();
        try (LinMock real = LinMock.builder(MockClusters.doors()).clock(clock).build()) {
            real.schedules().runOnce("Resolve");          // two 10 ms slots
            // the slot's own waits (a response window inside it) and the rest of the slot: never more than the slot
            assertThat(clock.sleeps).isNotEmpty()
                    .allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMillis(10)));
            assertThat(clock.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofMillis(20));
            List<TraceEntry> trace = real.trace().entries();
            assertThat(trace).hasSize(2);
            assertThat(trace.get(1).at()).isGreaterThanOrEqualTo(trace.get(0).at());
        }
    }

    @Test
    void unknownTablesAreNamed() {
        assertThatThrownBy(() -> mock.schedules().start("Nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no schedule table \"Nope\"").hasMessageContaining("Normal");
    }
}
