package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.harness.fabric.FabricDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code benchhal fabric} on simulated labs: build, status, realize, and the campaign on the fabric file. */
class FabricCommandTest {

    @TempDir
    Path dir;

    /** A lab of two machines with a simulated hub each; the spare hub is there or not. */
    private void lab(boolean spare) throws IOException {
        Files.createDirectories(dir.resolve("configs"));
        Files.writeString(dir.resolve("configs/default.ini"), "[machine.rig1]\nsimulated_hubs = acroname:sim?serial=5100A001&ports=4\n"
                + "pcie = pcie:sim?radios=2&functions=14&hub=hub_5100a001&ports=0,1&training=50ms\n"
                + (spare ? "[machine.rig2]\nsimulated_hubs = acroname:sim?serial=5100B002&ports=4&model=USBHub2x4\n" : "")
                + "[fabric]\nfabric_id = lab-a\nconcentrator = rig1\n"
                + "[fabric.rrh.north]\nacroname_serial = 5100A001\nacroname_port = 0\npatch_panel = P1-01\npcie_address = 01:00.0\nwidth = 1\n"
                + "[fabric.rrh.south]\nacroname_port = 1\npatch_panel = P1-02\npcie_address = 02:00.0\nwidth = 1\nspeed = 5.0\n"
                + "module_serial = MS-7\n" + (spare ? "acroname_serial = 5100A001\n" : ""));
    }

    @Test
    void discoverListsEveryMachinesHubsAndTheTotal() throws IOException {
        lab(true);
        CliRun.Result r = CliRun.run(dir, "fabric", "discover");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("machine rig1 (simulated, rig1): BrainStem none (simulated), 1 hub")
                .contains("5100B002  USBHub2x4  4").contains("total: 2 modules on 2 machines, fingerprint sha256:");
        CliRun.Result json = CliRun.run(dir, "fabric", "discover", "--json");
        assertThat(json.out()).contains("\"total_modules\" : 2").contains("\"brainstem_version\" : \"none (simulated)\"");
    }

    @Test
    void buildStatusAndRealizeFollowTheBench() throws IOException {
        lab(false);
        CliRun.Result built = CliRun.run(dir, "fabric", "build", "-o", "fabric.json");
        assertThat(built.code()).as(built.err()).isZero();
        FabricDefinition fabric = FabricDefinition.load(dir.resolve("fabric.json"));
        assertThat(fabric.fabricId()).isEqualTo("lab-a");
        assertThat(fabric.rrhs()).extracting(b -> b.hub() + ":" + b.port() + ":" + b.patchPanel())
                .containsExactly("5100A001:0:P1-01", "5100A001:1:P1-02");

        CliRun.Result ready = CliRun.run(dir, "fabric", "status", "-f", "fabric.json");
        assertThat(ready.code()).isEqualTo(ExitCode.OK);
        assertThat(ready.out()).startsWith("fabric lab-a (fabric.json): READY");

        CliRun.Result realized = CliRun.run(dir, "fabric", "realize", "-f", "fabric.json");
        assertThat(realized.code()).as(realized.err()).isZero();
        assertThat(realized.out()).containsPattern("north\\s+0000:01:00.0\\s+P1-01\\s+x1 5.0 GT/s\\s+ok").contains("OK READY").contains("fabric lab-a: 2 radio heads on 1 hub");
        CliRun.Result json = CliRun.run(dir, "fabric", "realize", "-f", "fabric.json", "--json");
        assertThat(json.out()).startsWith("{").contains("\"schema\" : \"benchhal-fabric/1\"");

        // another hub appears in the lab: stale, and the campaign with --strict-fabric-ready refuses to start
        lab(true);
        CliRun.Result stale = CliRun.run(dir, "fabric", "status", "-f", "fabric.json");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.out()).contains("STALE").contains("hub 5100B002 added: USBHub2x4 5100B002 (4 ports) on rig2");
        assertThat(CliRun.run(dir, "fabric", "realize", "-f", "fabric.json").code()).isEqualTo(1);
        assertThat(CliRun.run(dir, "fabric", "realize", "-f", "fabric.json", "--no-strict").code()).isZero();
        CliRun.Result strict = CliRun.run(dir, "campaign", "hotswap", "--fabric", "fabric.json", "--strict-fabric-ready",
                "--out", dir.resolve("run").toString());
        assertThat(strict.code()).isEqualTo(ExitCode.USAGE);
        assertThat(strict.err()).contains("fabric lab-a is STALE");

        // the lab loses the hub the radios hang off: missing
        Files.writeString(dir.resolve("configs/default.ini"), Files.readString(dir.resolve("configs/default.ini"))
                .replace("[machine.rig1]\nsimulated_hubs = acroname:sim?serial=5100A001&ports=4", "[machine.rig1]\nsimulated_hubs = acroname:sim?serial=5100C003&ports=4"));
        CliRun.Result missing = CliRun.run(dir, "fabric", "status", "-f", "fabric.json");
        assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.out()).contains("MISSING").contains("hub 5100A001 (north, south) not found on rig1");
    }

    @Test
    void theCampaignRunsOnTheFabricFile() throws IOException {
        lab(false);
        assertThat(CliRun.run(dir, "fabric", "build", "-o", "fabric.json").code()).isZero();
        Path out = dir.resolve("run");
        CliRun.Result r = CliRun.run(dir, "campaign", "hotswap", "--fabric", "fabric.json", "--strict-fabric-ready",
                "--iterations", "3", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("hotswap: 2 radio heads (north, south) x 3 iterations on fabric lab-a, virtual time")
                .contains("6 cycles, 0 failed");
    }

    @Test
    void bindingsFromAFileAndErrorsThatSayWhatIsMissing() throws IOException {
        lab(true);
        // two hubs: south names none in the INI of this test? it does; drop it to see the error
        Files.writeString(dir.resolve("configs/default.ini"), Files.readString(dir.resolve("configs/default.ini"))
                .replace("acroname_serial = 5100A001\n", "").replace("[fabric.rrh.north]\n", "[fabric.rrh.north]\nacroname_serial = 5100A001\n"));
        CliRun.Result unbound = CliRun.run(dir, "fabric", "build", "-o", "fabric.json");
        assertThat(unbound.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(unbound.err()).contains("radio head south: no hub").doesNotContain("Exception");
        assertThat(dir.resolve("fabric.json")).doesNotExist();

        Files.writeString(dir.resolve("bindings.yaml"), "rrhs:\n  - { name: south, hub: 5100a001, module_serial: MS-8 }\n");
        CliRun.Result bound = CliRun.run(dir, "fabric", "bind", "-o", "fabric.json", "--bindings", "bindings.yaml");
        assertThat(bound.code()).as(bound.err()).isZero();
        FabricDefinition fabric = FabricDefinition.load(dir.resolve("fabric.json"));
        assertThat(fabric.rrhs().get(1).moduleSerial()).isEqualTo("MS-8");
        assertThat(fabric.hubs()).hasSize(2);

        Files.writeString(dir.resolve("bad.yaml"), "rrhs:\n  - { name: south, hub: 12 }\n");
        CliRun.Result bad = CliRun.run(dir, "fabric", "bind", "-o", "fabric.json", "--bindings", "bad.yaml");
        assertThat(bad.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(bad.err()).contains("bad.yaml line 2").contains("8 hex digits");
        CliRun.Result noFile = CliRun.run(dir, Map.of(), "fabric", "status");
        assertThat(noFile.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noFile.err()).contains("status needs -f FILE");
    }

    @Test
    void thePanelFileBesideTheLabIniLabelsRadiosBoundWithoutOne() throws IOException {
        lab(false);
        Path ini = dir.resolve("configs/default.ini");
        Files.writeString(ini, Files.readString(ini).replace("patch_panel = P1-02\n", ""));
        Files.writeString(dir.resolve("configs/default_panel.json"), "{\"0000:02:00.0\": \"PP-SOUTH\", \"0000:01:00.0\": \"PP-NORTH\"}\n");
        assertThat(CliRun.run(dir, "fabric", "build", "-o", "fabric.json").code()).isZero();
        FabricDefinition fabric = FabricDefinition.load(dir.resolve("fabric.json"));
        // a binding's own label wins; the panel file labels the radio bound without one
        assertThat(fabric.rrhs()).extracting(b -> b.name() + "=" + b.patchPanel()).containsExactly("north=P1-01", "south=PP-SOUTH");
        CliRun.Result realized = CliRun.run(dir, "fabric", "realize", "-f", "fabric.json");
        assertThat(realized.out()).containsPattern("south\\s+0000:02:00.0\\s+PP-SOUTH\\s+x1 5.0 GT/s\\s+ok");
    }

    @Test
    void noFabricIsBoundWhileAMachineDoesNotAnswer() throws IOException {
        lab(false);
        Path ini = dir.resolve("configs/default.ini");
        Files.writeString(ini, Files.readString(ini) + "[machine.rig9]\nshell = local:\nusb = remote\npython = "
                + dir.resolve("no-such-python") + "\n");
        CliRun.Result r = CliRun.run(dir, "fabric", "build", "-o", "fabric.json");
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("discovery on rig9 failed").contains("no fabric written");
        assertThat(dir.resolve("fabric.json")).doesNotExist();
        CliRun.Result discover = CliRun.run(dir, "fabric", "discover");
        assertThat(discover.code()).isEqualTo(ExitCode.FAILED);
        assertThat(discover.out()).contains("machine rig9 (remote, rig9): FAILED:");
    }

    @Test
    void withoutALabIniTheSimulatedLabIsUsed() {
        CliRun.Result built = CliRun.run(dir, "fabric", "build", "-o", "sim.json", "--paths", "3");
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.out()).contains("fabric simulated: 3 radio heads on 1 hub").contains("(the simulated lab)");
        assertThat(CliRun.run(dir, "fabric", "status", "-f", "sim.json", "--paths", "3").code()).isZero();
    }
}
