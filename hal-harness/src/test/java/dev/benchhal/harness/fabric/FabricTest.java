package dev.benchhal.harness.fabric;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.error.ConfigException;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.hotswap.HotSwap;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compose, bench and realize on the simulated lab: a simulated hub whose ports power a simulated concentrator's radios. */
class FabricTest {

    private static final DriverRegistry DRIVERS = DriverRegistry.load();

    @TempDir
    Path dir;

    private LabIni lab(int radios) {
        return LabIni.parse(Fabric.simulatedLabIni(radios, DRIVERS), "lab.ini", dir.resolve("lab.ini"));
    }

    private static Discovery discover(LabIni ini) {
        return FabricDiscovery.discover(ini, DRIVERS, Duration.ofSeconds(30));
    }

    @Test
    void theSimulatedLabComposesIntoAFabricThatRealizes() {
        LabIni ini = lab(3);
        FabricDefinition fabric = Fabric.compose(ini, discover(ini), List.of());
        assertThat(fabric.fabricId()).isEqualTo("simulated");
        assertThat(fabric.concentrator()).contains("sim");
        assertThat(fabric.rrhs()).extracting(RrhBinding::name).containsExactly("rrh0", "rrh1", "rrh2");
        assertThat(fabric.rrhs()).extracting(RrhBinding::port).containsExactly(0, 1, 2);
        assertThat(fabric.rrhs().get(2).patchPanel()).isEqualTo("SIM-02");

        try (Bench bench = Bench.open(Fabric.bench(fabric, ini), DRIVERS)) {
            Fabric.Realized realized = Fabric.realize(fabric, discover(ini),
                    f -> Optional.of(bench.get(Fabric.CONCENTRATOR, PcieHost.class)), true);
            assertThat(realized.ok()).isTrue();
            assertThat(realized.radios()).allSatisfy(r -> assertThat(r.problem()).isEmpty());
            assertThat(realized.radios().get(0).seen()).isEqualTo("x1 5.0 GT/s");

            // a radio whose port is off is not at its address (the simulated fabric drops it): missing, exit 4
            bench.get(Fabric.hubRole("5100A001"), UsbHub.class).setPortPower(1, false);
            Fabric.Realized off = Fabric.realize(fabric, discover(ini), f -> Optional.of(bench.get(Fabric.CONCENTRATOR, PcieHost.class)), true);
            assertThat(off.exitCode()).isEqualTo(4);
            assertThat(off.radios().get(1).problem().orElseThrow()).isEqualTo("rrh1 (hub 5100A001 port 1 (panel SIM-01)) is not at "
                    + fabric.rrhs().get(1).address() + " on the concentrator");
        }
    }

    @Test
    void aWrongLinkOrAStaleFabricFailsStrictly() {
        LabIni ini = lab(2);
        FabricDefinition fabric = Fabric.compose(ini, discover(ini), List.of());
        RrhBinding first = fabric.rrhs().get(0);
        FabricDefinition wide = Fabric.compose(ini, discover(ini), List.of(new RrhBinding.Partial(first.name(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(4), Optional.empty(), Optional.empty())));
        try (Bench bench = Bench.open(Fabric.bench(fabric, ini), DRIVERS)) {
            Fabric.Realized realized = Fabric.realize(wide, discover(ini), f -> Optional.of(bench.get(Fabric.CONCENTRATOR, PcieHost.class)), true);
            assertThat(realized.exitCode()).isEqualTo(1);
            assertThat(realized.radios().get(0).problem().orElseThrow()).contains("trained to x1 5.0 GT/s; expected x4");

            // the lab got another hub: stale, a failure when strict, a note when not
            LabIni grown = LabIni.parse(Fabric.simulatedLabIni(2, DRIVERS) + "\n[machine.spare]\nsimulated_hubs = acroname:sim?serial=5100D004\n",
                    "lab.ini", dir.resolve("lab.ini"));
            Fabric.Realized strict = Fabric.realize(fabric, discover(grown), f -> Optional.of(bench.get(Fabric.CONCENTRATOR, PcieHost.class)), true);
            assertThat(strict.status().state()).isEqualTo(FabricStatus.State.STALE);
            assertThat(strict.exitCode()).isEqualTo(1);
            assertThat(Fabric.realize(fabric, discover(grown), f -> Optional.of(bench.get(Fabric.CONCENTRATOR, PcieHost.class)), false)
                    .exitCode()).isZero();
        }
    }

    @Test
    void composingNamesTheRadioHeadThatLacksABinding() {
        String text = "[machine.a]\nsimulated_hubs = acroname:sim?serial=5100A001\n[machine.b]\nsimulated_hubs = acroname:sim?serial=5100B002\n"
                + "[fabric.rrh.r0]\nacroname_port = 0\npcie_address = 01:00.0\nwidth = 1\n";
        LabIni ini = LabIni.parse(text, "lab.ini", dir.resolve("lab.ini"));
        // two hubs: which one powers r0 is not guessed
        assertThatThrownBy(() -> Fabric.compose(ini, discover(ini), List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("radio head r0: no hub");
        FabricDefinition bound = Fabric.compose(ini, discover(ini), List.of(new RrhBinding.Partial("r0", Optional.of("5100B002"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
        assertThat(bound.rrhs().get(0).hub()).isEqualTo("5100B002");
        assertThat(bound.concentrator()).isEmpty();
        BenchConfig config = Fabric.bench(bound, ini);
        assertThat(config.devices()).containsOnlyKeys("hub_5100a001", "hub_5100b002");
    }

    @Test
    void theBenchReachesRemoteHubsThroughTheirMachine() {
        String text = "[machine.rig-1]\nhost = 192.0.2.7\nusb = remote\npython_path = /opt/sdk\n[machine.conc]\nhost = 192.0.2.8\n"
                + "[fabric]\nconcentrator = conc\n";
        LabIni ini = LabIni.parse(text, "lab.ini", dir.resolve("lab.ini"));
        FabricDefinition fabric = FabricDefinition.bound("f", Optional.of("conc"), new Discovery(List.of(new MachineHubs("rig-1", "rig",
                "remote", "2.10", List.of(new HubRecord("rig-1", "5100A001", "USBHub3p", 8)), Optional.empty()))),
                List.of(new RrhBinding("r0", "5100A001", 2, "", PcieAddress.parse("01:00.0"), 1, 0, "")));
        BenchConfig config = Fabric.bench(fabric, ini);
        assertThat(config.devices().get("rig_1").uri()).isEqualTo("ssh://root@192.0.2.7");
        assertThat(config.devices().get("hub_5100a001").uri()).isEqualTo("acroname:usb:5100A001?model=USBHub3p&pythonPath=/opt/sdk&via=rig_1");
        assertThat(config.devices().get(Fabric.CONCENTRATOR).uri()).isEqualTo("pcie:remote?via=conc");
        assertThat(Fabric.role("2nd.rig")).isEqualTo("m_2nd_rig");
    }

    @Test
    void radiosOnSeveralHubsAreCycledThroughTheirOwnHub() {
        LabIni ini = lab(12);
        FabricDefinition fabric = Fabric.compose(ini, discover(ini), List.of());
        assertThat(fabric.hubs()).extracting(HubRecord::serial).containsExactly("5100A001", "5100A002");
        assertThat(fabric.rrhs().get(9)).extracting(RrhBinding::hub, RrhBinding::port).containsExactly("5100A002", 1);
        try (Bench bench = Bench.open(Fabric.bench(fabric, ini), DRIVERS)) {
            PcieHost concentrator = bench.get(Fabric.CONCENTRATOR, PcieHost.class);
            // port 1 of the second hub powers rrh9, and nothing else
            bench.get(Fabric.hubRole("5100A002"), UsbHub.class).setPortPower(1, false);
            assertThat(concentrator.device(fabric.rrhs().get(9).address())).isEmpty();
            assertThat(concentrator.device(fabric.rrhs().get(1).address())).isPresent();
            bench.get(Fabric.hubRole("5100A002"), UsbHub.class).setPortPower(1, true);
            CampaignResult result = new HotSwap(Fabric.hubs(fabric, bench), concentrator, null, fabric.radioHeads(), bench.clock(),
                    dir.resolve("run"), Progress.none(), HotSwap.Options.defaults(2)).run();
            assertThat(result.failures()).isEmpty();
            assertThat(result.cycles()).isEqualTo(24);
        }
    }

    @Test
    void theHotSwapCampaignRunsOnAFabric() {
        LabIni ini = lab(4);
        FabricDefinition fabric = Fabric.compose(ini, discover(ini), List.of());
        try (Bench bench = Bench.open(Fabric.bench(fabric, ini), DRIVERS)) {
            HotSwap hotSwap = new HotSwap(Fabric.hubs(fabric, bench), bench.get(Fabric.CONCENTRATOR, PcieHost.class), null,
                    fabric.radioHeads(), bench.clock(), dir.resolve("run"), Progress.none(), HotSwap.Options.defaults(2));
            CampaignResult result = hotSwap.run();
            assertThat(result.failures()).isEmpty();
            assertThat(result.cycles()).isEqualTo(8);
        }
        try (Bench bench = Bench.open(Fabric.bench(fabric, ini), DRIVERS)) {
            var stranger = new dev.benchhal.harness.hotswap.RadioHead("rx", 0, PcieAddress.parse("01:00.0"), 1, 0, "0000FFFF");
            assertThatThrownBy(() -> new HotSwap(Fabric.hubs(fabric, bench), bench.get(Fabric.CONCENTRATOR, PcieHost.class), null,
                    List.of(stranger), bench.clock(), dir.resolve("run2"), Progress.none(), HotSwap.Options.defaults(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rx: hub 0000FFFF is not among the campaign's hubs");
        }
    }
}
