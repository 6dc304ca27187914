package dev.benchhal.harness.fabric;

import dev.benchhal.error.ConfigException;
import dev.benchhal.pcie.PcieAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FabricDefinitionTest {

    @TempDir
    Path dir;

    static final HubRecord HUB_A = new HubRecord("rig1", "5100A001", "USBHub3p", 8);
    static final HubRecord HUB_B = new HubRecord("rig2", "5100B002", "USBHub2x4", 4);

    static RrhBinding rrh(String name, String hub, int port, String address) {
        return new RrhBinding(name, hub, port, "P-" + name, PcieAddress.parse(address), 1, 5.0, "MS-" + name);
    }

    static Discovery found(HubRecord... hubs) {
        List<MachineHubs> machines = new java.util.ArrayList<>();
        for (String machine : List.of("rig1", "rig2")) {
            machines.add(new MachineHubs(machine, machine, "remote", "2.10.5",
                    java.util.Arrays.stream(hubs).filter(h -> h.machine().equals(machine)).toList(), Optional.empty()));
        }
        return new Discovery(machines);
    }

    static FabricDefinition fabric() {
        return FabricDefinition.bound("lab-a", Optional.of("rig1"), found(HUB_A, HUB_B),
                List.of(rrh("rrh0", "5100A001", 0, "01:00.0"), rrh("rrh1", "5100B002", 3, "02:00.0")));
    }

    @Test
    void aFabricFileReadsBackAsItWasWritten() {
        FabricDefinition fabric = fabric();
        Path file = dir.resolve("sub/fabric.json");
        fabric.save(file);
        assertThat(FabricDefinition.load(file)).isEqualTo(fabric);
        assertThat(fabric.powerPorts("5100A001")).containsExactly(0);
        assertThat(fabric.radioHeads().get(1).hub()).isEqualTo("5100B002");
        assertThat(fabric.toString()).contains("fabric lab-a: 2 radio heads on 2 hubs, concentrator rig1")
                .contains("rrh1       hub 5100B002 port 3 (panel P-rrh1)");
    }

    @Test
    void aFileThatDoesNotHoldIsRefusedWithItsLine() throws Exception {
        Path file = dir.resolve("fabric.json");
        String good = fabric().toJson();
        Files.writeString(file, good.replace("benchhal-fabric/1", "benchhal-fabric/9"));
        assertThatThrownBy(() -> FabricDefinition.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2").hasMessageContaining("this version reads benchhal-fabric/1");
        Files.writeString(file, good.replace("\"ports\" : 4", "\"ports\" : 5"));
        assertThatThrownBy(() -> FabricDefinition.load(file)).hasMessageContaining("discovery_fingerprint")
                .hasMessageContaining("edited by hand");
        Files.writeString(file, good.replace("\"port\" : 3", "\"port\" : 4"));
        assertThatThrownBy(() -> FabricDefinition.load(file))
                .hasMessageContaining("port 4 of hub 5100B002, which has 4 ports (0 to 3)");
        Files.writeString(file, good.replace("0000:02:00.0", "0000:01:00.0"));
        assertThatThrownBy(() -> FabricDefinition.load(file)).hasMessageContaining("rrh1: address 0000:01:00.0 is rrh0's already");
        Files.writeString(file, good.replace("\"hub\" : \"5100B002\"", "\"hub\" : \"5100C003\""));
        assertThatThrownBy(() -> FabricDefinition.load(file)).hasMessageContaining("hub 5100C003 is not one of the fabric's hubs");
        Files.writeString(file, good.replace("\"width\" : 1,", "\"width\" : 3,"));
        assertThatThrownBy(() -> FabricDefinition.load(file)).hasMessageContaining("link width x3");
        Files.writeString(file, good.replace("\"rrhs\"", "\"radios\""));
        assertThatThrownBy(() -> FabricDefinition.load(file)).hasMessageContaining("unknown key \"radios\"");
    }

    @Test
    void theLabIniOverridesTheRowsTheFabricHas() {
        LabIni ini = LabIni.parse("[fabric]\nfabric_id = lab-b\nconcentrator = rig2\n[fabric.rrh.rrh1]\npatch_panel = P9-09\n"
                + "acroname_port = 1\nmodule_serial = MS-new\n", "default.ini", Path.of("default.ini"));
        FabricDefinition merged = fabric().merge(ini);
        assertThat(merged.fabricId()).isEqualTo("lab-b");
        assertThat(merged.concentrator()).contains("rig2");
        RrhBinding rrh1 = merged.rrhs().get(1);
        assertThat(rrh1.patchPanel()).isEqualTo("P9-09");
        assertThat(rrh1.port()).isEqualTo(1);
        assertThat(rrh1.moduleSerial()).isEqualTo("MS-new");
        assertThat(rrh1.address()).isEqualTo(PcieAddress.parse("02:00.0"));
        assertThat(merged.rrhs().get(0)).isEqualTo(fabric().rrhs().get(0));

        LabIni unknown = LabIni.parse("[fabric.rrh.rrh7]\npatch_panel = P1\n", "default.ini", Path.of("default.ini"));
        assertThatThrownBy(() -> fabric().merge(unknown)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("[fabric.rrh.rrh7]: the fabric lab-a has no such radio head");
        LabIni tooFar = LabIni.parse("[fabric.rrh.rrh1]\nacroname_port = 6\n", "default.ini", Path.of("default.ini"));
        assertThatThrownBy(() -> fabric().merge(tooFar)).hasMessageContaining("port 6 of hub 5100B002, which has 4 ports");
    }

    @Test
    void readyWhenLiveDiscoveryGivesTheStoredFingerprint() {
        FabricStatus status = FabricStatus.of(fabric(), found(HUB_A, HUB_B));
        assertThat(status.state()).isEqualTo(FabricStatus.State.READY);
        assertThat(status.changes()).isEmpty();
        assertThat(status.state().exitCode()).isZero();
        // the order discovery answers in does not matter
        assertThat(FabricStatus.of(fabric(), new Discovery(List.of(found(HUB_A, HUB_B).machines().get(1),
                found(HUB_A, HUB_B).machines().get(0)))).state()).isEqualTo(FabricStatus.State.READY);
    }

    @Test
    void staleWhenTheHubsChangedButEveryBoundOneIsThere() {
        HubRecord extra = new HubRecord("rig2", "5100C003", "USBHub3p", 8);
        FabricStatus added = FabricStatus.of(fabric(), found(HUB_A, HUB_B, extra));
        assertThat(added.state()).isEqualTo(FabricStatus.State.STALE);
        assertThat(added.state().exitCode()).isEqualTo(1);
        assertThat(added.changes()).containsExactly("hub 5100C003 added: USBHub3p 5100C003 (8 ports) on rig2");

        FabricStatus moved = FabricStatus.of(fabric(), found(HUB_A, new HubRecord("rig1", "5100B002", "USBHub2x4", 4)));
        assertThat(moved.state()).isEqualTo(FabricStatus.State.STALE);
        assertThat(moved.changes()).containsExactly("hub 5100B002 (rrh1) moved from rig2 to rig1");
    }

    @Test
    void missingWhenABoundHubIsGoneOrItsMachineIsSilent() {
        FabricStatus gone = FabricStatus.of(fabric(), found(HUB_A));
        assertThat(gone.state()).isEqualTo(FabricStatus.State.MISSING);
        assertThat(gone.state().exitCode()).isEqualTo(4);
        assertThat(gone.changes()).containsExactly("hub 5100B002 (rrh1) not found on rig2");

        Discovery silent = new Discovery(List.of(found(HUB_A).machines().get(0), MachineHubs.failed("rig2", "remote",
                "ssh: connection refused")));
        assertThat(FabricStatus.of(fabric(), silent).changes())
                .containsExactly("hub 5100B002 (rrh1) not found on rig2 (rig2 did not answer: ssh: connection refused)");

        FabricStatus fewerPorts = FabricStatus.of(fabric(), found(HUB_A, new HubRecord("rig2", "5100B002", "USBHub2x4", 2)));
        assertThat(fewerPorts.state()).isEqualTo(FabricStatus.State.MISSING);
        assertThat(fewerPorts.changes()).containsExactly("hub 5100B002 (rrh1) was USBHub2x4 with 4 ports, now USBHub2x4 with 2");
    }

    @Test
    void theFingerprintDependsOnEveryHubAndNotOnOrder() {
        String both = Discovery.fingerprint(List.of(HUB_A, HUB_B));
        assertThat(both).matches("sha256:[0-9a-f]{16}").isEqualTo(Discovery.fingerprint(List.of(HUB_B, HUB_A)));
        assertThat(Discovery.fingerprint(List.of(HUB_A))).isNotEqualTo(both);
        assertThat(Discovery.fingerprint(List.of(HUB_A, new HubRecord("rig2", "5100B002", "USBHub2x4", 3)))).isNotEqualTo(both);
    }
}
