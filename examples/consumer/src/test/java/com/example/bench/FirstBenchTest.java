package com.example.bench;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchResolver;
import dev.benchhal.core.psu.SettleResult;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieMatch;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A first suite on the whole simulated bench of ./bench.yaml: a LIN node, a supply, a USB hub that
 * powers the radio heads of a PCIe concentrator. Every device is a simulator, so the bench runs in
 * virtual time: the settle and the power cycles below take bench time, not real time.
 */
class FirstBenchTest {

    private static Bench bench;

    @BeforeAll
    static void openTheBench() {
        // ./bench.yaml, or the file BENCHHAL_CONFIG names (the real bench), with BENCHHAL_<ROLE>_URI overrides
        BenchConfig config = BenchResolver.create().resolve();
        bench = Bench.open(config, DriverRegistry.load());
    }

    @AfterAll
    static void closeTheBench() {
        bench.close(); // supplies switch their output off, every device closes
    }

    @Test
    void theSimulatedBenchRunsInVirtualTime() {
        assertThat(bench.clock()).isInstanceOf(VirtualClock.class);
    }

    @Test
    void theAmbientLightNodeAnswersAndLightsUp() {
        LinInterface lin = bench.get("lin", LinInterface.class);
        FrameIO fio = new FrameIO(lin, LdfDatabase.load(Path.of("ldf/alm.ldf")));
        Duration timeout = Duration.ofMillis(100);
        long nad = fio.readLong("ALM_Status", "ALMNadNo", timeout).orElseThrow();
        assertThat(nad).isEqualTo(0x10);
        fio.send("ALM_Req_A", Map.of("AmbLightColourRed", 255, "AmbLightIntensity", 255,
                "AmbLightLIDFrom", nad, "AmbLightLIDTo", nad));
        String led = fio.readText("ALM_Status", "ALMLEDState", timeout).orElseThrow();
        while (led.equals("ANIMATING")) {
            bench.clock().sleep(Duration.ofMillis(50));
            led = fio.readText("ALM_Status", "ALMLEDState", timeout).orElseThrow();
        }
        assertThat(led).isEqualTo("ON");
        assertThat(fio.readLong("PWM_Frame", "PWM_Frame_Red", timeout).orElseThrow()).isPositive();
        assertThat(fio.readLong("PWM_Frame", "PWM_Frame_Blue", timeout).orElseThrow()).isZero();
    }

    @Test
    void theRailSettlesAndTheLoadDrawsItsCurrent() {
        PowerSupply psu = bench.get("psu", PowerSupply.class);
        SettleResult rail = Rails.powerUp(psu, 13.5, 2.0);
        assertThat(rail.finalVolts()).isCloseTo(13.5, within(0.1));
        // the simulator behind the supply: a heavier load draws more current
        psu.unwrap(OwonSimulator.class).orElseThrow().setLoad(1, 13.5);
        bench.clock().sleep(Duration.ofMillis(100));
        assertThat(psu.measureCurrent()).isCloseTo(1.0, within(0.05));
    }

    @Test
    void aRadioHeadVanishesWithItsHubPortAndComesBack() {
        UsbHub hub = bench.get("hub", UsbHub.class);
        PcieHost concentrator = bench.get("concentrator", PcieHost.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> radios = (List<Map<String, Object>>) bench.config().topology().get("radios");
        for (Map<String, Object> radio : radios) {
            int port = ((Number) radio.get("port")).intValue();
            PcieAddress address = PcieAddress.parse((String) radio.get("address"));
            assertThat(concentrator.device(address)).as(radio.get("name") + " before").isPresent();
            hub.setPortPower(port, false);
            concentrator.awaitGone(PcieMatch.at(address), Duration.ofSeconds(5));
            hub.setPortPower(port, true);
            assertThat(concentrator.awaitDevice(PcieMatch.at(address), Duration.ofSeconds(5)).address()).isEqualTo(address);
        }
    }
}
