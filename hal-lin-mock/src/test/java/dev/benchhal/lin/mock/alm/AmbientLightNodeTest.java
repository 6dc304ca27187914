package dev.benchhal.lin.mock.alm;

import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.NodeConfigResponse;
import dev.benchhal.lin.ldf.NodeConfiguration;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.lin.mock.LinMockProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ALM model through FrameIO, the way the seed's ECU tests drive the real module. */
class AmbientLightNodeTest {

    private static final Duration T = Duration.ofMillis(200);
    private final LinMock mock = LinMockProvider.create(DeviceSpec.of("lin-mock:?ldf=builtin:alm&time=virtual"),
            DriverContext.standalone());
    private final FrameIO fio = new FrameIO(mock, mock.ldf());
    private final int nad = 0x10;

    @AfterEach
    void close() {
        mock.close();
    }

    private Map<String, Object> request(int r, int g, int b, int intensity, int duration) {
        Map<String, Object> values = new HashMap<>();
        values.put("AmbLightColourRed", r);
        values.put("AmbLightColourGreen", g);
        values.put("AmbLightColourBlue", b);
        values.put("AmbLightIntensity", intensity);
        values.put("AmbLightUpdate", 0);
        values.put("AmbLightMode", 0);
        values.put("AmbLightDuration", duration);
        values.put("AmbLightLIDFrom", nad);
        values.put("AmbLightLIDTo", nad);
        return values;
    }

    private Object ledState() {
        return fio.readSignal("ALM_Status", "ALMLEDState", T).orElseThrow();
    }

    private long[] pwm(String frame) {
        Map<String, Object> v = fio.receive(frame, T).orElseThrow();
        String p = frame.equals("PWM_Frame") ? "PWM_Frame_" : "PWM_wo_Comp_";
        return new long[] {(Long) v.get(p + "Red"), (Long) v.get(p + "Green"), (Long) v.get(p + "Blue")};
    }

    private double celsius() {
        return (Double) fio.readSignal("Tj_Frame", "Tj_Frame_NTC", T).orElseThrow() - 273.15;
    }

    @Test
    void redAtFullTurnsTheLedOnWithCompensatedPwm() {
        assertThat(ledState()).isEqualTo("OFF");
        fio.send("ALM_Req_A", request(255, 0, 0, 255, 0));
        assertThat(ledState()).isEqualTo("ON");
        int[] expected = AmbientLightNode.expectedPwm(255, 0, 0, 255, celsius(), true);
        assertThat(pwm("PWM_Frame")).containsExactly(expected[0], expected[1], expected[2]);
        assertThat(pwm("PWM_wo_Comp")).containsExactly(65535, 0, 0);
    }

    @Test
    void aDurationAnimatesForDurationTimes200Ms() {
        fio.send("ALM_Req_A", request(0, 255, 0, 128, 10));
        assertThat(ledState()).isEqualTo("ANIMATING");
        long halfway = pwm("PWM_wo_Comp")[1];
        assertThat(halfway).isBetween(1L, 32895L);
        mock.clock().sleep(Duration.ofMillis(1000));
        assertThat(ledState()).isEqualTo("ANIMATING");
        mock.clock().sleep(Duration.ofMillis(1000));
        assertThat(ledState()).isEqualTo("ON");
        assertThat(pwm("PWM_wo_Comp")[1]).isEqualTo(Math.round(65535.0 * 128 / 255));
        fio.send("ALM_Req_A", request(0, 0, 0, 0, 0));
        assertThat(ledState()).isEqualTo("OFF");
        assertThat(pwm("PWM_Frame")).containsExactly(0, 0, 0);
    }

    @Test
    void compensationOffMakesBothPwmFramesEqual() {
        fio.send("ConfigFrame", Map.of("ConfigFrame_Calibration", 0, "ConfigFrame_EnableDerating", 1,
                "ConfigFrame_EnableCompensation", 0, "ConfigFrame_MaxLM", 3840.0));
        mock.slave("ALM_Node").set("Tj_Frame_NTC", 353.15);   // 80 degC: compensation would matter
        fio.send("ALM_Req_A", request(255, 255, 255, 255, 0));
        assertThat(pwm("PWM_Frame")).containsExactly(pwm("PWM_wo_Comp"));
        fio.send("ConfigFrame", Map.of("ConfigFrame_EnableCompensation", 1));
        long[] compensated = pwm("PWM_Frame");
        assertThat(compensated[2]).isGreaterThan(pwm("PWM_wo_Comp")[2] - 1);
        int[] expected = AmbientLightNode.expectedPwm(255, 255, 255, 255, 80.0, true);
        assertThat(compensated).containsExactly(expected[0], expected[1], expected[2]);
    }

    @Test
    void hotLedsDerateAndShutDown() {
        fio.send("ALM_Req_A", request(255, 255, 255, 255, 0));
        mock.slave("ALM_Node").set("Tj_Frame_NTC", 398.0);    // 124.85 degC: about half output
        assertThat(fio.readSignal("ALM_Status", "ALMThermalStatus", T)).contains("DERATING");
        assertThat(pwm("PWM_wo_Comp")[0]).isEqualTo(Math.round(65535 * (150 - (398 - 273.15)) / 50));
        mock.slave("ALM_Node").set("Tj_Frame_NTC", 433.15);   // 160 degC
        assertThat(fio.readSignal("ALM_Status", "ALMThermalStatus", T)).contains("SHUTDOWN");
        assertThat(ledState()).isEqualTo("OFF");
    }

    @Test
    void supplyVoltageOutsideEightToSixteenVoltsIsReportedAndDarkens() {
        AmbientLightNode alm = (AmbientLightNode) mock.slave("ALM_Node").behaviour().orElseThrow();
        fio.send("ALM_Req_A", request(255, 0, 0, 255, 0));
        alm.supplyVoltage(17.0);
        assertThat(fio.readSignal("ALM_Status", "ALMVoltageStatus", T)).contains("OVERVOLTAGE");
        assertThat(ledState()).isEqualTo("OFF");
        alm.supplyVoltage(7.0);
        assertThat(fio.readSignal("ALM_Status", "ALMVoltageStatus", T)).contains("UNDERVOLTAGE");
        alm.supplyVoltage(13.5);
        assertThat(fio.readSignal("ALM_Status", "ALMVoltageStatus", T)).contains("NORMAL");
        assertThat(ledState()).isEqualTo("ON");
    }

    @Test
    void requestsForOtherNadsAreIgnoredAndStoredRequestsWaitForUpdate2() {
        Map<String, Object> other = request(255, 0, 0, 255, 0);
        other.put("AmbLightLIDFrom", 0x20);
        other.put("AmbLightLIDTo", 0x2F);
        fio.send("ALM_Req_A", other);
        assertThat(ledState()).isEqualTo("OFF");
        Map<String, Object> store = request(0, 0, 255, 255, 0);
        store.put("AmbLightUpdate", 1);
        fio.send("ALM_Req_A", store);
        assertThat(ledState()).isEqualTo("OFF");
        store.put("AmbLightUpdate", 2);
        store.put("AmbLightColourBlue", 0);   // ignored: update 2 applies the stored request
        fio.send("ALM_Req_A", store);
        assertThat(ledState()).isEqualTo("ON");
        assertThat(pwm("PWM_wo_Comp")).containsExactly(0, 0, 65535);
    }

    @Test
    void theStatusReportsTheNadAfterAssignNad() {
        assertThat(fio.readSignal("ALM_Status", "ALMNadNo", T)).contains((long) nad);
        mock.send(NodeConfiguration.assignNad(nad, 0x7FFF, 0xFFFF, 0x11));
        assertThat(NodeConfigResponse.parse(mock.requestResponse(0x3D, 8)).positive()).isTrue();
        assertThat(fio.readSignal("ALM_Status", "ALMNadNo", T)).contains(0x11L);
    }

    @Test
    void theModelIsAvailableByNameForOtherClusters() {
        LdfDatabase ldf = mock.ldf();
        assertThat(new AmbientLightModelFactory().create("ALM_Node", ldf)).isInstanceOf(AmbientLightNode.class);
        LinInterface plain = new LinMockProvider().open(DeviceSpec.of("lin-mock:?ldf=builtin:alm&time=virtual&models="),
                DriverContext.standalone());
        plain.close();
    }
}
