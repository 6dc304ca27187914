package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The example at the top of docs/lin-ldf.md, as written (its path from the repository root, here from the module). */
class GuideExampleTest {

    @Test
    void theGuideExampleWorksAsWritten() throws Exception {
        FakeLin lin = new FakeLin();
        lin.responses.put(0x11, new byte[] {0x10, 0x02, 0x00, 0x00});

        // the ambient-light cluster of the simulator (builtin:alm), as examples/consumer ships it
        LdfDatabase ldf = LdfDatabase.load(Path.of("../examples/consumer/ldf/alm.ldf"));
        byte[] request = ldf.codec("ALM_Req_A").encode(Map.of(
                "AmbLightColourRed", 255, "AmbLightIntensity", 255, "AmbLightDuration", 10));   // raw: 10 steps of 200 ms
        Map<String, Object> status = ldf.codec("ALM_Status").decode(new byte[] {0x10, 0x01, 0x00, 0x00});

        FrameIO fio = new FrameIO(lin, ldf);
        fio.send("ALM_Req_A", Map.of("AmbLightColourRed", 255, "AmbLightIntensity", 255));
        Optional<String> led = fio.readText("ALM_Status", "ALMLEDState", Duration.ofMillis(200));
        long nad = fio.readLong("ALM_Status", "ALMNadNo", Duration.ofMillis(200)).orElseThrow();

        assertThat(request).containsExactly(0xFF, 0, 0, 0xFF, 0, 10, 0, 0);
        assertThat(status).hasToString("{ALMNadNo=16, ALMLEDState=ANIMATING, ALMVoltageStatus=NORMAL, "
                + "ALMThermalStatus=NORMAL, ALMResponseError=0}");
        assertThat(lin.sent).hasSize(1);
        assertThat(led).contains("ON");
        assertThat(nad).isEqualTo(16);
        // the file is the simulator's own ALM cluster, so what the page shows is what a lin-mock bus does
        assertThat(java.nio.file.Files.readString(Path.of("../examples/consumer/ldf/alm.ldf"))).isEqualTo(
                java.nio.file.Files.readString(Path.of("../hal-lin-mock/src/main/resources/dev/benchhal/lin/mock/alm/alm.ldf")));
    }
}
