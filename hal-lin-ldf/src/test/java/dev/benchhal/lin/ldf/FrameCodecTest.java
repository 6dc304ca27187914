package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {

    private final LdfDatabase ldf = TestLdf.load("all-features.ldf");

    @Test
    void packsLsbFirstAndUnpacksTheSame() {
        FrameCodec codec = ldf.codec("MirrorStatus");
        assertThat(codec.signalNames()).containsExactly("MirrorAngle", "MirrorError", "Count", "Serial");
        long[] raw = {0x3FF, 1, 0xA, 0};
        raw[3] = 0x030201; // bytes 01 02 03 of the array, byte 0 in the low bits
        byte[] data = codec.encodeRaw(raw);
        long bits = 0x3FFL | 1L << 10 | 0xAL << 12 | 0x030201L << 19;
        for (int k = 0; k < 8; k++) {
            assertThat(data[k]).isEqualTo((byte) (bits >>> (8 * k)));
        }
        long[] back = new long[4];
        codec.decodeRaw(data, back);
        assertThat(back).containsExactly(raw);
        assertThat(codec.decodeRaw(data)).containsEntry("Serial", List.of(1, 2, 3)).containsEntry("Count", 10L);
    }

    @Test
    void unusedBitsAreZeroByDefaultAndOnesOnRequest() {
        FrameCodec codec = ldf.codec("MirrorCmd");
        assertThat(codec.encodeRaw(Map.of("MirrorFold", 0))).containsExactly(0x00);
        assertThat(codec.withUnusedBits(UnusedBits.ONES).encodeRaw(Map.of("MirrorFold", 0))).containsExactly(0x7F);
        assertThat(codec.withUnusedBits(UnusedBits.ONES).unusedBits()).isEqualTo(UnusedBits.ONES);
    }

    @Test
    void leftOutSignalsTakeTheirInitValues() {
        FrameCodec codec = ldf.codec("SeatStatus");
        Map<String, Object> raw = codec.decodeRaw(codec.encodeRaw(Map.of()));
        assertThat(raw).containsEntry("SeatPos", 0x800L).containsEntry("Temperature", 0xFFL);
        assertThat(codec.initValues()).containsExactly(0x800L, 0L, 0xFFL);
    }

    @Test
    void convertsPhysicalLogicalBcdAndAscii() {
        FrameCodec status = ldf.codec("SeatStatus");
        byte[] data = status.encode(Map.of("SeatPos", 25.0, "Temperature", "n/a"));
        assertThat(status.decode(data)).containsEntry("SeatPos", 25.0).containsEntry("Temperature", "n/a");
        assertThat(status.decodeSignal("SeatPos", status.encode(Map.of("SeatPos", "-50 mm")))).isEqualTo(-50.0);
        assertThat(status.decode(status.encode(Map.of("Temperature", 21.5)))).containsEntry("Temperature", 21.5);
        FrameCodec info = ldf.codec("SeatInfo");
        assertThat(info.decode(info.encode(Map.of("PartNumber", "AB12")))).containsEntry("PartNumber", "AB12");
        FrameCodec mirror = ldf.codec("MirrorStatus");
        byte[] serial = mirror.encode(Map.of("Serial", 405));
        assertThat(mirror.decodeRaw(serial)).containsEntry("Serial", List.of(4, 0, 5));
        assertThat(mirror.decode(serial)).containsEntry("Serial", 405L);
    }

    @Test
    void physicalEncodingRoundsHalvesToEven() {
        EncodingType celsius = ldf.encodingType("Celsius").orElseThrow();
        LdfSignal temperature = ldf.requireSignal("Temperature");
        // raw = (value + 40) / 0.5: 0.25 steps are exact halves
        assertThat(celsius.encode(-39.75, temperature)).isEqualTo(0L);   // 0.5 -> 0
        assertThat(celsius.encode(-39.25, temperature)).isEqualTo(2L);   // 1.5 -> 2
        assertThat(celsius.encode(-38.75, temperature)).isEqualTo(2L);   // 2.5 -> 2
        assertThat(celsius.encode(-39.6, temperature)).isEqualTo(1L);    // 0.8 -> 1
    }

    @Test
    void aRawValueNoConverterAcceptsDecodesRaw() {
        FrameCodec mirror = ldf.codec("MirrorStatus");
        byte[] data = mirror.encodeRaw(Map.of("MirrorAngle", 1021));
        assertThat(mirror.decode(data)).containsEntry("MirrorAngle", new RawValue(1021));
        assertThat(ldf.encodingType("Angle").orElseThrow().decode(1021, ldf.requireSignal("MirrorAngle"))).isEmpty();
        assertThat(mirror.encode(mirror.decode(data))).as("a decoded raw value encodes back to the same bytes").isEqualTo(data);
        assertThat(mirror.decode(mirror.encodeRaw(Map.of("MirrorAngle", 1023)))).containsEntry("MirrorAngle", 1023L);
        assertThat(mirror.decode(mirror.encodeRaw(Map.of("MirrorAngle", 1001)))).containsEntry("MirrorAngle", 1051.0);
    }

    @Test
    void badValuesAreTypedErrorsThatSayWhatWasWrong() {
        FrameCodec status = ldf.codec("SeatStatus");
        assertThatThrownBy(() -> status.encode(Map.of("Temperature", "hot"))).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("Temperature: cannot encode \"hot\" as Celsius")
                .hasMessageContaining("physical -40..87 degC (raw 0..254)").hasMessageContaining("\"n/a\"");
        assertThatThrownBy(() -> status.encode(Map.of("SeatPos", 1000.0))).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("cannot encode 1000.0 as Position");
        assertThatThrownBy(() -> status.encodeRaw(Map.of("SeatPos", 0x1000))).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("SeatPos: raw value 4096 does not fit in 12 bits");
        assertThatThrownBy(() -> status.encodeRaw(Map.of("SeatPos", 1.5))).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> status.decode(new byte[3])).isInstanceOf(LdfCodecException.class)
                .hasMessage("SeatStatus: expected 4 data bytes, got 3");
        FrameCodec info = ldf.codec("SeatInfo");
        assertThatThrownBy(() -> info.encodeRaw(Map.of("PartNumber", new byte[3]))).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("PartNumber is a 4-byte array, got 3 bytes");
        assertThatThrownBy(() -> info.encode(Map.of("PartNumber", "ÄB"))).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("ASCII text of up to 4 characters");
    }

    @Test
    void codecsAreCachedPerFrame() {
        assertThat(ldf.codec("SeatStatus")).isSameAs(ldf.codec("SeatStatus"));
        assertThat(ldf.codec("SeatStatus").toString()).contains("SeatStatus", "id=0x20", "4 bytes");
    }
}
