package dev.benchhal.lin.ldf;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameIOTest {

    private final FakeLin lin = new FakeLin();
    private final FrameIO fio = new FrameIO(lin, TestLdf.alm());

    @Test
    void sendsAFrameByNameWithSignalsByNameAndInitValuesForTheRest() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("AmbLightColourRed", 255);
        request.put("AmbLightIntensity", 255);
        request.put("AmbLightDuration", 2.0);        // physical: 2 s at 0.2 s per step = raw 10
        request.put("AmbLightLIDFrom", 0x10);
        request.put("AmbLightLIDTo", 0x10);
        fio.send("ALM_Req_A", request);
        assertThat(lin.sent).containsExactly(LinFrame.of(0x0A, 0xFF, 0x00, 0x00, 0xFF, 0x00, 0x0A, 0x10, 0x10));
        assertThat(lin.sent.get(0).checksumType()).isEqualTo(LinChecksumType.ENHANCED);
    }

    @Test
    void receivesAndDecodesAFrameAndOneSignal() {
        lin.responses.put(0x11, new byte[] {0x10, 0b0000_0001, 0, 0});
        assertThat(fio.receive("ALM_Status")).hasValueSatisfying(status -> {
            assertThat(status).containsEntry("ALMNadNo", 0x10L).containsEntry("ALMLEDState", "ANIMATING")
                    .containsEntry("ALMVoltageStatus", "NORMAL");
        });
        assertThat(fio.readSignal("ALM_Status", "ALMLEDState", Duration.ofMillis(200))).contains("ANIMATING");
        assertThat(lin.requests).containsExactly("17/4/ENHANCED/1000", "17/4/ENHANCED/200");
    }

    @Test
    void typedReadsSpareTheUnboxingAndNameAValueOfAnotherKind() {
        lin.responses.put(0x11, new byte[] {0x10, 0b0000_0001, 0, 0});
        Duration t = Duration.ofMillis(100);
        assertThat(fio.readLong("ALM_Status", "ALMNadNo", t)).hasValue(16);
        assertThat(fio.readDouble("ALM_Status", "ALMNadNo", t)).hasValue(16.0);
        assertThat(fio.readText("ALM_Status", "ALMLEDState", t)).contains("ANIMATING");
        assertThatThrownBy(() -> fio.readLong("ALM_Status", "ALMLEDState", t)).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("ALM_Status.ALMLEDState is \"ANIMATING\", not a whole number");
        assertThatThrownBy(() -> fio.readText("ALM_Status", "ALMNadNo", t)).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("ALM_Status.ALMNadNo is 16, not a name or text");
        assertThat(fio.readLong("PWM_Frame", "PWM_Frame_Red", Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void receiveReturnsEmptyWhenTheSlaveIsSilent() {
        assertThat(fio.receive("PWM_Frame", Duration.ofMillis(50))).isEmpty();
        assertThat(fio.readSignal("PWM_Frame", "PWM_Frame_Red", Duration.ofMillis(50))).isEmpty();
        assertThat(fio.receiveRaw(0x12, Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void packsAndUnpacksWithoutTouchingTheBus() {
        byte[] data = fio.pack("ConfigFrame", Map.of("ConfigFrame_EnableCompensation", 0));
        // Calibration 0, Derating 1 (init), Compensation 0, MaxLM 3840 (init) at bit 3
        int maxLmAtBit3 = 3840 << 3;
        assertThat(data).containsExactly(0x02 | (maxLmAtBit3 & 0xFF), maxLmAtBit3 >> 8);
        assertThat(fio.unpack("ConfigFrame", data)).containsEntry("ConfigFrame_MaxLM", 3840.0)
                .containsEntry("ConfigFrame_EnableCompensation", 0L);
        assertThat(lin.sent).isEmpty();
    }

    @Test
    void rawEscapeHatchesUseTheLdfWhereItKnowsTheId() {
        byte[] data = fio.pack("ALM_Req_A", Map.of());
        data[2] = (byte) 0xFF;
        fio.sendRaw(fio.frameId("ALM_Req_A"), data);
        fio.sendRaw(0x3C, NodeConfiguration.saveConfiguration(0x10).data());
        assertThat(lin.sent.get(0).data()[2]).isEqualTo((byte) 0xFF);
        assertThat(lin.sent.get(1).checksumType()).isEqualTo(LinChecksumType.CLASSIC);
        lin.responses.put(0x2A, new byte[] {1, 2, 3});
        assertThat(fio.receiveRaw(0x2A, 3, Duration.ofMillis(10))).map(LinFrame::length).contains(3);
        assertThatThrownBy(() -> fio.receiveRaw(0x2A, Duration.ofMillis(10))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no frame with id 0x2A");
    }

    @Test
    void introspectionComesFromTheLdf() {
        assertThat(fio.frameId("PWM_Frame")).isEqualTo(0x12);
        assertThat(fio.frameLength("PWM_Frame")).isEqualTo(8);
        assertThat(fio.frame("PWM_Frame")).isSameAs(fio.frame("PWM_Frame"));
        assertThat(fio.lin()).isSameAs(lin);
        assertThat(fio.ldf().source()).isEqualTo("alm.ldf");
        assertThatThrownBy(() -> fio.frameId("PWM")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no frame named \"PWM\"").hasMessageContaining("PWM_Frame");
        assertThatThrownBy(() -> fio.send("ALM_Req_A", Map.of("AmbLightColor", 1))).isInstanceOf(LdfCodecException.class)
                .hasMessageContaining("has no signal \"AmbLightColor\"").hasMessageContaining("AmbLightColourRed");
    }

    @Test
    void lin13FramesUseTheClassicChecksum() {
        FrameIO lin13 = new FrameIO(lin, TestLdf.load("reference/ldfparser__lin13.ldf"));
        assertThat(lin13.checksum("VL1_CEM_Frm1")).isEqualTo(LinChecksumType.CLASSIC);
        assertThat(fio.checksum("ALM_Status")).isEqualTo(LinChecksumType.ENHANCED);
    }
}
