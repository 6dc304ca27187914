package dev.benchhal.lin.ldf.diag;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.lin.LinChecksumException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.ldf.FakeLin;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static dev.benchhal.lin.ldf.diag.TransportFramesTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The master's side against a scripted node on a virtual clock: what goes out and when, and every
 * way the node's answer can go wrong. (The whole exchange against the simulated bootloader is in
 * hal-lin-mock's BootloaderFlashTest.)
 */
class DiagnosticTransportTest {

    private static final TransportTiming TIMING = new TransportTiming(Duration.ofMillis(50), Duration.ofMillis(2),
            Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(10));
    private static final Object SILENT = "silent";
    private static final Object CORRUPT = "corrupt";

    private final ScriptedLin lin = new ScriptedLin();
    private final DiagnosticTransport node = DiagnosticTransport.to(lin, 0x10, TIMING);

    @Test
    void aSingleFrameExchangeWaitsP2MinBeforeTheFirstSlaveResponseHeader() {
        lin.answers.add(bytes(0x10, 0x03, 0x62, 0xF1, 0x90, 0xFF, 0xFF, 0xFF));

        byte[] response = node.request(0x22, 0xF1, 0x90);

        assertThat(response).containsExactly(bytes(0x62, 0xF1, 0x90));
        assertThat(lin.requestFrames).hasSize(1);
        assertThat(lin.requestFrames.get(0).data()).containsExactly(bytes(0x10, 0x03, 0x22, 0xF1, 0x90, 0xFF, 0xFF, 0xFF));
        assertThat(lin.requestFrames.get(0).checksumType()).isEqualTo(LinChecksumType.CLASSIC);
        assertThat(lin.headerTimes.get(0) - lin.sendEndTimes.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aLongRequestGoesOutInFramesStMinApartAndALongResponseIsPutTogether() {
        byte[] request = new byte[20];
        request[0] = 0x2E;
        byte[] answer = new byte[15];
        answer[0] = 0x6E;
        for (int i = 1; i < answer.length; i++) {
            answer[i] = (byte) i;
        }
        lin.answers.addAll(TransportFrames.segment(0x10, answer));

        assertThat(node.request(request)).containsExactly(answer);

        assertThat(lin.requestFrames).hasSize(4);
        for (int i = 1; i < lin.requestFrames.size(); i++) {
            assertThat(lin.sendStartTimes.get(i) - lin.sendEndTimes.get(i - 1)).as("ST_min before frame " + i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2).toNanos());
        }
    }

    @Test
    void responsePendingExtendsTheWaitUntilTheAnswer() {
        byte[] pending = bytes(0x10, 0x03, 0x7F, 0x34, 0x78, 0xFF, 0xFF, 0xFF);
        for (int i = 0; i < 100; i++) { // 1.5 s of "pending" (15 ms a poll): longer than the response timeout, within P2*
            lin.answers.add(pending);
        }
        lin.answers.add(bytes(0x10, 0x04, 0x74, 0x20, 0x00, 0x82, 0xFF, 0xFF));

        assertThat(node.request(0x34, 0x00, 0x44, 0, 0, 0x80, 0, 0, 0, 0x10, 0)).containsExactly(bytes(0x74, 0x20, 0x00, 0x82));
    }

    @Test
    void aNodeThatStaysPendingTooLongTimesOutNamingTheLimit() {
        for (int i = 0; i < 1000; i++) { // it would say "pending" for 15 s
            lin.answers.add(bytes(0x10, 0x03, 0x7F, 0x34, 0x78, 0xFF, 0xFF, 0xFF));
        }
        long start = lin.clock.nanoTime();
        assertThatThrownBy(() -> node.request(0x34, 0x00, 0x44, 0, 0, 0x80, 0, 0, 0, 0x10, 0))
                .isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("pending timeout: service 0x34 still pending 2 s after the node first answered "
                        + "\"response pending\"");
        assertThat(lin.clock.nanoTime() - start).isLessThan(Duration.ofMillis(2200).toNanos());
    }

    @Test
    void aSilentNodeTimesOutAfterP2MinAndTheResponseTimeout() {
        long start = lin.clock.nanoTime();
        assertThatThrownBy(() -> node.request(0x22, 0xF1, 0x90)).isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("node (NAD 0x10) on scripted-lin:")
                .hasMessageContaining("response timeout: no response to service 0x22 within 1.05 s");
        assertThat(lin.clock.nanoTime() - start).isBetween(Duration.ofMillis(1050).toNanos(), Duration.ofMillis(1100).toNanos());
    }

    @Test
    void aResponseThatStopsInTheMiddleTimesOutAfterNCr() {
        byte[] answer = new byte[20];
        answer[0] = 0x62;
        lin.answers.add(TransportFrames.segment(0x10, answer).get(0));
        assertThatThrownBy(() -> node.request(0x22, 0xF1, 0x90)).isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("N_Cr: no consecutive frame after 5 of 20 bytes of the response to service 0x22 within 300 ms");
    }

    @Test
    void aLostConsecutiveFrameOfTheResponseIsAProtocolError() {
        byte[] answer = new byte[20];
        answer[0] = 0x62;
        List<byte[]> frames = TransportFrames.segment(0x10, answer);
        lin.answers.add(frames.get(0));
        lin.answers.add(frames.get(2));
        assertThatThrownBy(() -> node.request(0x22, 0xF1, 0x90)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("consecutive frame number 2 where 1 was due").hasMessageContaining("a frame was lost");
    }

    @Test
    void aRefusalIsANegativeResponseWithItsName() {
        lin.answers.add(bytes(0x10, 0x03, 0x7F, 0x34, 0x31, 0xFF, 0xFF, 0xFF));
        assertThatThrownBy(() -> node.request(0x34, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0x10, 0))
                .isInstanceOfSatisfying(NegativeResponseException.class, e -> {
                    assertThat(e.sid()).isEqualTo(0x34);
                    assertThat(e.nrc()).isEqualTo(0x31);
                }).hasMessageContaining("service 0x34 refused: 0x31 requestOutOfRange");
    }

    @Test
    void answersThatDoNotBelongAreProtocolErrors() {
        lin.answers.add(bytes(0x11, 0x02, 0x50, 0x02, 0xFF, 0xFF, 0xFF, 0xFF));
        assertThatThrownBy(() -> node.request(0x10, 0x02)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("a response from NAD 0x11 to a request for NAD 0x10");
        lin.answers.add(bytes(0x10, 0x02, 0x51, 0x01, 0xFF, 0xFF, 0xFF, 0xFF));
        assertThatThrownBy(() -> node.request(0x10, 0x02)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("a response with service id 0x51 to service 0x10 (expected 0x50)");
        lin.answers.add(bytes(0x10, 0x03, 0x7F, 0x11, 0x12, 0xFF, 0xFF, 0xFF));
        assertThatThrownBy(() -> node.request(0x10, 0x02)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("a negative response that is not about service 0x10");
        lin.answers.add(CORRUPT);
        assertThatThrownBy(() -> node.request(0x10, 0x02)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("a response frame to service 0x10 had a wrong checksum after 0 of ? bytes")
                .hasCauseInstanceOf(LinChecksumException.class);
    }

    @Test
    void aRequestFrameThatTakesLongerThanNAsIsATimeout() {
        lin.sendTime = Duration.ofMillis(150);
        assertThatThrownBy(() -> node.request(new byte[12])).isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("N_As: request frame 1 of 3 of service 0x00 took 150 ms on the bus (limit 100 ms)");
    }

    @Test
    void theTimingComesFromTheNodeAttributes() {
        dev.benchhal.lin.ldf.LdfDatabase ldf = dev.benchhal.lin.ldf.LdfDatabase.parse(String.join("\n",
                "LIN_description_file;", "LIN_protocol_version = \"2.1\";", "LIN_language_version = \"2.1\";",
                "LIN_speed = 19.2 kbps;", "Nodes { Master: M, 10 ms, 0 ms; Slaves: S; }", "Signals { A: 8, 0, M, S; }",
                "Frames { F: 0x01, M, 1 { A, 0; } }",
                "Node_attributes { S { LIN_protocol = \"2.1\"; configured_NAD = 0x21; product_id = 0x1, 0x2;",
                "  P2_min = 20 ms; ST_min = 1 ms; N_As_timeout = 500 ms; N_Cr_timeout = 700 ms; } }", ""), "s.ldf");
        DiagnosticTransport s = DiagnosticTransport.to(lin, ldf.nodeAttributes().get(0));
        assertThat(s.nad()).isEqualTo(0x21);
        assertThat(s.timing()).isEqualTo(new TransportTiming(Duration.ofMillis(20), Duration.ofMillis(1),
                Duration.ofMillis(500), Duration.ofMillis(700), TransportTiming.DEFAULT.responseTimeout(),
                TransportTiming.DEFAULT.pendingTimeout(), TransportTiming.DEFAULT.pollInterval()));
        assertThat(s.source()).isEqualTo("S (NAD 0x21) on scripted-lin:");
    }

    /** A LIN master on a virtual clock whose slave response headers get scripted answers; frames take 5 ms. */
    private static final class ScriptedLin extends FakeLin {
        final VirtualTime clock = new VirtualTime();
        final List<LinFrame> requestFrames = new ArrayList<>();
        final List<Long> sendStartTimes = new ArrayList<>();
        final List<Long> sendEndTimes = new ArrayList<>();
        final List<Long> headerTimes = new ArrayList<>();
        final Deque<Object> answers = new ArrayDeque<>();
        Duration sendTime = Duration.ofMillis(5);

        @Override
        public DeviceUri uri() {
            return DeviceUri.parse("scripted-lin:");
        }

        @Override
        public BenchClock clock() {
            return clock;
        }

        @Override
        public void send(LinFrame frame) {
            sendStartTimes.add(clock.nanoTime());
            clock.sleep(sendTime);
            sendEndTimes.add(clock.nanoTime());
            requestFrames.add(frame);
        }

        @Override
        public LinFrame requestResponse(int frameId, int length, LinChecksumType checksum, Duration timeout) {
            headerTimes.add(clock.nanoTime());
            clock.sleep(Duration.ofMillis(5));
            Object next = answers.isEmpty() ? SILENT : answers.poll();
            if (next == SILENT) {
                throw new LinNoResponseException("scripted-lin:", "no response");
            }
            if (next == CORRUPT) {
                throw new LinChecksumException("scripted-lin:", "wrong checksum");
            }
            return new LinFrame(frameId, (byte[]) next, checksum);
        }
    }

    /** Time that passes only when someone sleeps. */
    private static final class VirtualTime implements BenchClock {
        private long nanos;

        @Override
        public Instant now() {
            return Instant.EPOCH.plusNanos(nanos);
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            nanos += duration.toNanos();
        }
    }
}
