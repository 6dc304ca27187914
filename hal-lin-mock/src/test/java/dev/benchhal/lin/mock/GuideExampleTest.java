package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked example of docs/drivers/lin-mock.md, as written there. */
class GuideExampleTest {

    /** A window lift: LiftCmd 1 moves up, 2 down, at 10 % per 100 ms; LeftPos reports the position. */
    static final class WindowLift implements NodeBehaviour {
        private long lastNanos;
        private double position;            // 0 (closed) .. 100 (open), in %

        @Override
        public void onPowerUp(SimulatedSlave node) {
            lastNanos = node.busTime().toNanos();
            position = 0;
        }

        @Override
        public void onFrameReceived(SimulatedSlave node, LdfFrame frame) {
            move(node);                     // bring the position up to now before the command changes
        }

        @Override
        public void beforeTransmit(SimulatedSlave node, LdfFrame frame) {
            move(node);
        }

        private void move(SimulatedSlave node) {
            long now = node.busTime().toNanos();
            double step = (now - lastNanos) / 1e6 / 100 * 10;    // 10 % per 100 ms
            long command = node.getRaw("LiftCmd");
            position = Math.max(0, Math.min(100, position + (command == 1 ? step : command == 2 ? -step : 0)));
            lastNanos = now;
            node.setRaw("LeftPos", Math.round(position));
            if (position == 100 || (position == 0 && command == 2)) {
                node.setRaw("LeftSwitch", 0);   // end stop: the switch reads idle
            }
        }
    }

    @Test
    void theWindowLiftExampleWorksAsWritten() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        try (LinMock bus = LinMock.builder(MockClusters.doors()).clock(clock)
                .behaviour("LeftDoor", new WindowLift()).build()) {
            FrameIO fio = new FrameIO(bus, bus.ldf());

            fio.send("LiftRequest", Map.of("LiftCmd", 1));                 // up
            clock.sleep(Duration.ofMillis(500));
            assertThat(fio.readSignal("LeftStatus", "LeftPos", Duration.ofMillis(50))).contains(50L);

            bus.faults().once("LeftStatus", LinFault.NO_RESPONSE);         // one lost response
            assertThat(fio.receive("LeftStatus", Duration.ofMillis(50))).isEmpty();

            clock.sleep(Duration.ofSeconds(1));
            assertThat(fio.readSignal("LeftStatus", "LeftPos", Duration.ofMillis(50))).contains(100L);
            assertThat(bus.trace().entries(e -> e.kind() == TraceEntry.Kind.NO_RESPONSE)).hasSize(1);
        }
    }
}
