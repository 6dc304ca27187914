package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The example at the top of docs/lin-ldf.md, as written (run from the module directory). */
class GuideExampleTest {

    @Test
    void theGuideExampleWorksAsWritten() {
        FakeLin lin = new FakeLin();
        lin.responses.put(0x11, new byte[] {0x10, 0x02, 0x00, 0x00});

        LdfDatabase ldf = LdfDatabase.load(Path.of("src/test/resources/ldf/alm.ldf"));
        byte[] request = ldf.codec("ALM_Req_A").encode(Map.of(
                "AmbLightColourRed", 255, "AmbLightIntensity", 255, "AmbLightDuration", 2.0));   // 2 s -> raw 10
        Map<String, Object> status = ldf.codec("ALM_Status").decode(new byte[] {0x10, 0x01, 0x00, 0x00});

        FrameIO fio = new FrameIO(lin, ldf);
        fio.send("ALM_Req_A", Map.of("AmbLightColourRed", 255, "AmbLightIntensity", 255));
        Optional<Object> led = fio.readSignal("ALM_Status", "ALMLEDState", Duration.ofMillis(200));

        assertThat(request).containsExactly(0xFF, 0, 0, 0xFF, 0, 10, 0, 0);
        assertThat(status).hasToString("{ALMNadNo=16, ALMLEDState=ANIMATING, ALMVoltageStatus=NORMAL, "
                + "ALMThermalStatus=NORMAL, ALMResponseError=0}");
        assertThat(lin.sent).hasSize(1);
        assertThat(led).contains("ON");
    }
}
