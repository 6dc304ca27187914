package dev.benchhal.lin.ldf.diag;

import dev.benchhal.error.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportFramesTest {

    @Test
    void aShortMessageIsOneSingleFramePaddedWithFF() {
        List<byte[]> frames = TransportFrames.segment(0x10, bytes(0x22, 0xF1, 0x90));
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).containsExactly(bytes(0x10, 0x03, 0x22, 0xF1, 0x90, 0xFF, 0xFF, 0xFF));
    }

    @Test
    void aLongMessageIsAFirstFrameWithItsLengthAndNumberedConsecutiveFrames() {
        byte[] message = new byte[20];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (0x30 + i);
        }
        List<byte[]> frames = TransportFrames.segment(0x10, message);
        assertThat(frames).hasSize(4); // 5 + 6 + 6 + 3
        assertThat(frames.get(0)).containsExactly(bytes(0x10, 0x10, 0x14, 0x30, 0x31, 0x32, 0x33, 0x34));
        assertThat(frames.get(1)).containsExactly(bytes(0x10, 0x21, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A));
        assertThat(frames.get(2)).containsExactly(bytes(0x10, 0x22, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40));
        assertThat(frames.get(3)).containsExactly(bytes(0x10, 0x23, 0x41, 0x42, 0x43, 0xFF, 0xFF, 0xFF));
    }

    @Test
    void sequenceNumbersWrapFrom15To0AndTheLengthUsesTwelveBits() {
        List<byte[]> frames = TransportFrames.segment(0x7F, new byte[4095]);
        assertThat(frames.get(0)[1] & 0xFF).isEqualTo(0x1F);
        assertThat(frames.get(0)[2] & 0xFF).isEqualTo(0xFF);
        assertThat(frames.get(15)[1] & 0xFF).isEqualTo(0x2F);
        assertThat(frames.get(16)[1] & 0xFF).isEqualTo(0x20);
        assertThat(frames.get(17)[1] & 0xFF).isEqualTo(0x21);
        assertThat(frames).hasSize(1 + (4095 - 5 + 5) / 6);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 7, 11, 12, 95, 96, 97, 1000, 4095})
    void whatIsCutIsPutTogetherAgain(int length) {
        byte[] message = new byte[length];
        new Random(length).nextBytes(message);
        TransportFrames.Reassembly r = new TransportFrames.Reassembly("node");
        Optional<byte[]> out = Optional.empty();
        List<byte[]> frames = TransportFrames.segment(0x22, message);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(out).as("complete before the last frame").isEmpty();
            out = r.accept(frames.get(i));
        }
        assertThat(out).get().isEqualTo(message);
        assertThat(r.inProgress()).isFalse();
    }

    @Test
    void aLostConsecutiveFrameIsNamedWithHowFarTheMessageGot() {
        List<byte[]> frames = TransportFrames.segment(0x10, new byte[30]);
        TransportFrames.Reassembly r = new TransportFrames.Reassembly("ALM_Node");
        r.accept(frames.get(0));
        r.accept(frames.get(1));
        assertThatThrownBy(() -> r.accept(frames.get(3))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("ALM_Node").hasMessageContaining("consecutive frame number 3 where 2 was due")
                .hasMessageContaining("after 11 of 30 bytes").hasMessageContaining("a frame was lost");
        assertThat(r.inProgress()).as("reset after the error").isFalse();
    }

    @Test
    void framesOutOfTurnAreErrors() {
        TransportFrames.Reassembly r = new TransportFrames.Reassembly("n");
        assertThatThrownBy(() -> r.accept(bytes(0x10, 0x21, 1, 2, 3, 4, 5, 6)))
                .hasMessageContaining("a consecutive frame without a first frame");
        r.accept(TransportFrames.segment(0x10, new byte[10]).get(0));
        assertThatThrownBy(() -> r.accept(bytes(0x10, 0x02, 0x50, 0x01, 0xFF, 0xFF, 0xFF, 0xFF)))
                .hasMessageContaining("a new message began after 5 of 10 bytes");
        assertThatThrownBy(() -> r.accept(bytes(0x10, 0x07, 1, 2, 3, 4, 5, 6)))
                .hasMessageContaining("PCI 0x07: a single frame carries 1..6 bytes");
        assertThatThrownBy(() -> r.accept(bytes(0x10, 0x10, 0x05, 1, 2, 3, 4, 5)))
                .hasMessageContaining("messages of up to 6 bytes go in a single frame");
        assertThatThrownBy(() -> r.accept(bytes(0x10, 0x30, 1, 2, 3, 4, 5, 6)))
                .hasMessageContaining("PCI 0x30 is not a transport frame");
        assertThatThrownBy(() -> r.accept(new byte[7])).hasMessageContaining("8 bytes, this one 7");
    }

    @Test
    void segmentRefusesWhatCannotTravel() {
        assertThatThrownBy(() -> TransportFrames.segment(0x10, new byte[0])).hasMessageContaining("1..4095 bytes, this one 0");
        assertThatThrownBy(() -> TransportFrames.segment(0x10, new byte[4096])).hasMessageContaining("this one 4096");
        assertThatThrownBy(() -> TransportFrames.segment(0x80, new byte[1])).hasMessageContaining("NAD 0x80");
        assertThatThrownBy(() -> TransportFrames.segment(0x00, new byte[1])).hasMessageContaining("NAD 0x00");
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
