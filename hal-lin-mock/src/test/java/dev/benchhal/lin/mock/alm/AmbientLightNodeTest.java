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
        assertThat(celsius()).isCloseTo(24.85, org.assertj.core.api.Assertions.within(1e-9));   // 298 K at power-up
        // worked by hand: 65535 * (1 + 1.0 %/K * (24.85 - 25)) = 65535 * 0.9985 = 65436.70 -> 65437
        assertThat(pwm("PWM_Frame")).containsExactly(65437, 0, 0);
        assertThat(pwm("PWM_wo_Comp")).containsExactly(65535, 0, 0);
    }

    @Test
    void theExpectedPwmHelperAgreesWithTheWorkedVectors() {
        assertThat(AmbientLightNode.expectedPwm(255, 0, 0, 255, 24.85, true)).containsExactly(65437, 0, 0);
        assertThat(AmbientLightNode.expectedPwm(100, 150, 200, 200, 79.85, true)).containsExactly(31213, 36869, 44736);
        assertThat(AmbientLightNode.expectedPwm(100, 150, 200, 200, 80.0, false)).containsExactly(20157, 30235, 40314);
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
        mock.slave("ALM_Node").set("Tj_Frame_NTC", 353.0);    // 79.85 degC (the signal has 1 K steps): compensation matters
        fio.send("ALM_Req_A", request(100, 150, 200, 200, 0));
        // worked by hand: 65535 * colour / 255 * 200 / 255 = 20156.9, 30235.3, 40313.7
        assertThat(pwm("PWM_wo_Comp")).containsExactly(20157, 30235, 40314);
        assertThat(pwm("PWM_Frame")).containsExactly(pwm("PWM_wo_Comp"));
        fio.send("ConfigFrame", Map.of("ConfigFrame_EnableCompensation", 1));
        // 54.85 K above 25 degC: red * 1.5485, green * 1.2194, blue * 1.1097 = 31212.9, 36868.9, 44736.1
        assertThat(pwm("PWM_Frame")).containsExactly(31213, 36869, 44736);
        assertThat(pwm("PWM_wo_Comp")).containsExactly(20157, 30235, 40314);
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
