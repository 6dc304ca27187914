package dev.benchhal.lin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vectors from shared/reference/device-protocols.md section 4. */
class LinProtocolTest {

    @ParameterizedTest(name = "id {0} -> pid {1}")
    @CsvSource({"0x00,0x80", "0x01,0xC1", "0x10,0x50", "0x20,0x20", "0x30,0xF0", "0x3C,0x3C", "0x3D,0x7D", "0x3E,0xFE", "0x3F,0xBF"})
    void protectedIdMatchesReferenceVectors(String id, String pid) {
        assertThat(LinProtocol.protectedId(Integer.decode(id))).isEqualTo(Integer.decode(pid));
        assertThat(LinProtocol.frameIdOf(Integer.decode(pid))).isEqualTo(Integer.decode(id));
    }

    @Test
    void protectedIdParityIsCheckedOnReceive() {
        assertThatThrownBy(() -> LinProtocol.frameIdOf(0x00))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong parity").hasMessageContaining("0x80");
    }

    @Test
    void enhancedAndClassicChecksumsMatchReferenceVectors() {
        LinFrame f = LinFrame.of(0x10, 0x01, 0x02, 0x03, 0x04);
        assertThat(f.checksumType()).isEqualTo(LinChecksumType.ENHANCED);
        assertThat(f.checksum()).isEqualTo(0xA5);
        assertThat(new LinFrame(0x10, f.data(), LinChecksumType.CLASSIC).checksum()).isEqualTo(0xF5);
    }

    @Test
    void diagnosticFramesUseClassicChecksum() {
        LinFrame mrf = LinFrame.of(0x3C, 0x7F, 0x06, 0xB2, 0x00, 0xFF, 0x7F, 0xFF, 0xFF);
        assertThat(mrf.checksumType()).isEqualTo(LinChecksumType.CLASSIC);
        assertThat(mrf.checksum()).isEqualTo(0x48);
        LinFrame sleep = LinFrame.of(0x3C, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        assertThat(sleep.checksum()).isEqualTo(0x00);
    }

    @Test
    void checksumCarryWrapsAround() {
        // 0xFF + 0x01 = 0x100 -> 0x01 after the wrap; inverted 0xFE
        assertThat(LinChecksumType.CLASSIC.compute(0x01, new byte[]{(byte) 0xFF, 0x01})).isEqualTo(0xFE);
    }

    @Test
    void refusesEnhancedChecksumOnDiagnosticFrames() {
        assertThatThrownBy(() -> new LinFrame(0x3D, new byte[8], LinChecksumType.ENHANCED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x3D").hasMessageContaining("classic");
    }

    @Test
    void validatesIdAndLength() {
        assertThatThrownBy(() -> LinFrame.of(0x40, 1)).hasMessageContaining("outside 0x00..0x3F");
        assertThatThrownBy(() -> LinFrame.of(0x10, new byte[0])).hasMessageContaining("1..8 data bytes, not 0");
        assertThatThrownBy(() -> LinFrame.of(0x10, new byte[9])).hasMessageContaining("not 9");
        assertThatThrownBy(() -> LinFrame.of(0x3C, 1, 2)).hasMessageContaining("carries 8 data bytes, not 2");
        assertThatThrownBy(() -> LinFrame.of(0x10, 256)).hasMessageContaining("outside 0..255");
    }

    @Test
    void frameIsImmutableAndReadable() {
        byte[] data = {1, 2, 3, 4};
        LinFrame f = LinFrame.of(0x12, data);
        data[0] = 9;
        f.data()[1] = 9;
        assertThat(f.dataByte(0)).isEqualTo(1);
        assertThat(f.dataByte(1)).isEqualTo(2);
        assertThat(f).isEqualTo(LinFrame.of(0x12, 1, 2, 3, 4)).hasSameHashCodeAs(LinFrame.of(0x12, 1, 2, 3, 4));
        assertThat(f.toString()).isEqualTo("LinFrame[id=0x12 data=01 02 03 04 checksum=ENHANCED]");
    }

    @Test
    void frameTimesFollowTheSpecification() {
        // 8 bytes at 19200: 34 + 90 = 124 bits = 6.458 ms nominal, 9.042 ms maximum
        assertThat(LinProtocol.nominalFrameTime(8, 19200)).isEqualTo(Duration.ofNanos(6_458_333));
        assertThat(LinProtocol.maximumFrameTime(8, 19200)).isEqualTo(Duration.ofNanos(9_041_667));
        // 1 byte at 10417: 54 bits
        assertThat(LinProtocol.nominalFrameTime(1, 10417).toNanos()).isEqualTo(Math.round(54 * 1e9 / 10417));
        assertThatThrownBy(() -> LinProtocol.nominalFrameTime(8, 50_000)).hasMessageContaining("baud rate 50000");
    }

    @Test
    void lin1ImpliedLengthsComeFromTheIdentifier() {
        assertThat(LinProtocol.lin1ImpliedLength(0x1F)).isEqualTo(2);
        assertThat(LinProtocol.lin1ImpliedLength(0x20)).isEqualTo(4);
        assertThat(LinProtocol.lin1ImpliedLength(0x30)).isEqualTo(8);
    }
}
