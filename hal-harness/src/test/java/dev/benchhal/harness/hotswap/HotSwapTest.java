package dev.benchhal.harness.hotswap;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Failure;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.RecordLog;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hot-swap campaign on the simulated fabric, in virtual time: a simulated hub powers four simulated radio heads. */
class HotSwapTest {

    @TempDir
    Path dir;
    private Bench bench;
    private UsbHub hub;
    private PcieHost concentrator;

    @BeforeEach
    void openFabric() {
        bench = Bench.open(BenchFiles.parse("""
                devices:
                  hub: "acroname:sim?ports=4"
                  concentrator: "pcie:sim?radios=4&functions=20&hub=hub&ports=0,1,2,3&training=200ms"
                """, "fabric.yaml", dir), DriverRegistry.load());
        hub = bench.get("hub", UsbHub.class);
        concentrator = bench.get("concentrator", PcieHost.class);
    }

    @AfterEach
    void closeFabric() {
        bench.close();
    }

    private static List<RadioHead> radios(int... widths) {
        List<RadioHead> radios = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            radios.add(new RadioHead("rrh" + i, i, new PcieAddress(0, i + 1, 0, 0), widths[i], 5.0));
        }
        return radios;
    }

    @Test
    void everyRadioIsCycledAtOnceEachIterationAndComesBackTrained() {
        HotSwap hotSwap = new HotSwap(hub, concentrator, null, radios(1, 1, 1, 1), bench.clock(), dir, Progress.none(),
                HotSwap.Options.defaults(5));

        CampaignResult result = hotSwap.run();

        assertThat(result.failures()).isEmpty();
        assertThat(result.cycles()).isEqualTo(20);
        List<Map<String, Object>> records = RecordLog.read(result.records()).records();
        assertThat(records).filteredOn(r -> "phase".equals(r.get("event")) && "rrh2".equals(r.get("path")) && Integer.valueOf(3).equals(r.get("iteration")))
                .extracting(r -> r.get("phase"))
                .containsExactly("remove", "power-off", "wait-vanish", "power-on", "wait-return", "check-link", "aer");
        assertThat(records).filteredOn(r -> "cycle".equals(r.get("event")))
                .allSatisfy(r -> assertThat(r).containsEntry("linkWidth", 1).containsEntry("linkSpeed", "5.0 GT/s"));
        // training takes 200 ms of bench time: no radio came back sooner
        assertThat(records).filteredOn(r -> "wait-return".equals(r.get("phase")))
                .allSatisfy(r -> assertThat(((Number) r.get("ms")).longValue()).isGreaterThanOrEqualTo(200));
        for (int port = 0; port < 4; port++) {
            assertThat(hub.portState(port).powered()).isTrue();
        }
        assertThat(concentrator.device(new PcieAddress(0, 3, 0, 0))).isPresent();
    }

    @Test
    void aRadioThatTrainsNarrowerFailsAtCheckLinkAndTheOthersGoOn() {
        HotSwap hotSwap = new HotSwap(hub, concentrator, null, radios(4, 1, 1, 1), bench.clock(), dir, Progress.none(),
                HotSwap.Options.defaults(2));

        CampaignResult result = hotSwap.run();

        assertThat(result.failures()).extracting(Failure::toString).containsExactly(
                "rrh0 #1 check-link: rrh0 0000:01:00.0: trained to x1 5.0 GT/s after the power cycle; expected x4 at least 5.0 GT/s",
                "rrh0 #2 check-link: rrh0 0000:01:00.0: trained to x1 5.0 GT/s after the power cycle; expected x4 at least 5.0 GT/s");
        assertThat(result.cycles()).isEqualTo(8);
        assertThat(hub.portState(0).powered()).isTrue();
    }

    @Test
    void aRadioThatNeverReturnsFailsAtWaitReturnWithItsPortPoweredAgain() {
        // rrh9 sits on port 3 but expects an address the fabric does not have
        List<RadioHead> radios = List.of(new RadioHead("rrh9", 3, new PcieAddress(0, 9, 0, 0), 1));
        HotSwap.Options options = new HotSwap.Options(1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), false,
                List.of(), false, false);
        CampaignResult result = new HotSwap(hub, concentrator, null, radios, bench.clock(), dir, Progress.none(), options).run();

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.phase()).isEqualTo("wait-return");
            assertThat(f.message()).contains("0000:09:00.0 to return did not happen within 3 s");
        });
        assertThat(hub.portState(3).powered()).isTrue();
    }

    @Test
    void aDryRunTouchesNothing() {
        UsbHub untouchableHub = untouchable(UsbHub.class);
        PcieHost untouchableHost = untouchable(PcieHost.class);
        HotSwap.Options dry = new HotSwap.Options(3, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), true,
                List.of(), false, false);

        CampaignResult result = new HotSwap(untouchableHub, untouchableHost, null, radios(1, 1), bench.clock(), dir,
                Progress.none(), dry).run();

        assertThat(result.passed()).isTrue();
        assertThat(result.cycles()).isEqualTo(6);
    }

    /** A device whose every method fails the test: a dry run must not call any. */
    private static <T> T untouchable(Class<T> family) {
        return family.cast(Proxy.newProxyInstance(family.getClassLoader(), new Class<?>[] {family}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return "untouchable " + family.getSimpleName();
            }
            throw new AssertionError("a dry run called " + family.getSimpleName() + "." + method.getName());
        }));
    }
}
