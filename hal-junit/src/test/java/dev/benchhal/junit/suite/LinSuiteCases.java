package dev.benchhal.junit.suite;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.Role;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.psu.PowerSupply;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Map;

/** Tests of the "lin" group: the package's baseline before each, the supply out of reach. */
@BenchTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class LinSuiteCases {

    @Test
    @Order(1)
    void lightsTheLedAfterTheBaseline(@Role("lin") LinInterface lin) {
        FrameIO fio = new FrameIO(lin, lin.unwrap(LinMock.class).orElseThrow().ldf());
        Journal.ENTRIES.add("test 1 sees " + fio.readText("ALM_Status", "ALMLEDState", Duration.ofMillis(100)).orElseThrow());
        fio.send("ALM_Req_A", Map.of("AmbLightColourRed", 255, "AmbLightIntensity", 255, "AmbLightLIDFrom", 0,
                "AmbLightLIDTo", 0xFF));
    }

    @Test
    @Order(2)
    void findsTheLedOffAgain(LedProbe led) {
        Journal.ENTRIES.add("test 2 sees " + led.ledState());
    }

    @Test
    @Order(3)
    void cannotReachTheSupply(@Role("psu") PowerSupply psu) {
        Journal.ENTRIES.add("reached the supply");
    }
}
