package dev.benchhal.harness.fabric;

import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.testcontainers.LabHostExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery on every machine of a lab at once: a lab host that is a container of its own ({@link LabHostContainer})
 * over SSH with Acroname's SDK (a fake {@code brainstem} package this test writes there: the SDK's discovery API, no
 * Acroname code), this machine through {@code local:}, a host whose Python lacks the SDK, one whose SDK hangs, and
 * simulated hubs.
 */
@ExtendWith(LabHostExtension.class)
class FabricDiscoveryTest {

    private static LabHostContainer labHost;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(LabHostContainer container) {
        labHost = container;
    }

    /** The files of a fake SDK whose discovery finds these hubs (serial to model code), or never answers. */
    private static Map<String, String> sdkFiles(String name, Map<String, Integer> hubs, boolean hang) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("brainstem/__init__.py", "__version__ = \"2.10.5-" + name + "\"\n");
        files.put("brainstem/link.py", """
                class Spec:
                    USB = 1
                    def __init__(self, transport, serial_number, module, model):
                        self.transport, self.serial_number, self.module, self.model = transport, serial_number, module, model
                """);
        files.put("brainstem/stem.py", "");
        StringBuilder specs = new StringBuilder();
        hubs.forEach((serial, model) -> specs.append("link.Spec(link.Spec.USB, 0x").append(serial).append(", 6, ").append(model).append("), "));
        files.put("brainstem/discover.py", "import sys, time\nfrom . import link\n\n\ndef findAllModules(transport):\n"
                + (hang ? "    sys.stdin.read()\n    time.sleep(3600)\n" : "")
                + "    return [" + specs + "]\n");
        return files;
    }

    /** Writes a fake SDK on this machine; returns its package directory. */
    private Path sdk(String name, Map<String, Integer> hubs, boolean hang) throws IOException {
        return writeHere(dir.resolve(name), sdkFiles(name, hubs, hang));
    }

    private static Path writeHere(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = root.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return root;
    }

    /** Writes a fake SDK on the lab host; returns its package directory there. */
    private static String sdkOnLabHost(String name, Map<String, Integer> hubs, boolean hang) {
        return writeOnLabHost(name, sdkFiles(name, hubs, hang));
    }

    private static String writeOnLabHost(String name, Map<String, String> files) {
        String root = "/tmp/sdk-" + name + "-" + java.util.UUID.randomUUID();
        HostShell shell = labHost.hostShell();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String file = root + "/" + f.getKey();
            shell.run("mkdir", "-p", file.substring(0, file.lastIndexOf('/'))).requireSuccess();
            shell.writeFile(file, f.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return root;
    }

    private static String ssh() {
        return labHost.sshUri();
    }

    @Test
    void everyMachineAtOnceEachWithItsSdkVersionAndHubs() throws IOException {
        String rig = sdkOnLabHost("rig", new java.util.TreeMap<>(Map.of("5100A001", 19, "5100B002", 17)), false);
        Path here = sdk("here", Map.of("0000BEEF", 19), false);
        String ini = "[machine.rig1]\nshell = " + ssh() + "\nusb = remote\npython_path = " + rig + "\n\n"
                + "[machine.bench]\nusb = local\npython_path = " + here + "\n\n"
                + "[machine.nosdk]\nshell = " + ssh() + "\nusb = remote\n\n"
                + "[machine.sim]\nsimulated_hubs = acroname:sim?serial=5100C003&ports=4&model=USBHub2x4\n\n"
                + "[machine.concentrator]\nhost = 192.0.2.1\n";
        Discovery found = FabricDiscovery.discover(LabIni.parse(ini, "lab.ini", dir.resolve("lab.ini")), DriverRegistry.load(),
                Duration.ofSeconds(60));

        assertThat(found.machines()).extracting(MachineHubs::machine).containsExactly("rig1", "bench", "nosdk", "sim");
        MachineHubs rig1 = found.machines().get(0);
        assertThat(rig1.answered()).isTrue();
        assertThat(rig1.how()).isEqualTo("remote");
        assertThat(rig1.brainstemVersion()).isEqualTo("2.10.5-rig");
        assertThat(rig1.host()).contains("127.0.0.1");
        assertThat(rig1.hubs()).containsExactly(new HubRecord("rig1", "5100A001", "USBHub3p", 8),
                new HubRecord("rig1", "5100B002", "USBHub2x4", 4));
        assertThat(found.machines().get(1).hubs()).containsExactly(new HubRecord("bench", "0000BEEF", "USBHub3p", 8));
        assertThat(found.machines().get(1).brainstemVersion()).isEqualTo("2.10.5-here");
        assertThat(found.machines().get(1).how()).isEqualTo("local");
        MachineHubs nosdk = found.machines().get(2);
        assertThat(nosdk.answered()).isFalse();
        assertThat(nosdk.error().orElseThrow()).contains("brainstem is not importable").contains("pip install brainstem");
        assertThat(found.machines().get(3).hubs()).containsExactly(new HubRecord("sim", "5100C003", "USBHub2x4", 4));
        assertThat(found.moduleCount()).isEqualTo(4);
        assertThat(found.complete()).isFalse();
        assertThat(found.hub("5100B002").map(HubRecord::machine)).contains("rig1");
    }

    @Test
    void anSdkWithoutItsVersionIsAskedThroughPip() throws IOException {
        Map<String, String> files = new LinkedHashMap<>(sdkFiles("old", Map.of("5100A001", 19), false));
        files.put("brainstem/__init__.py", "");    // an SDK build without __version__
        // pip as the host has it: a stand-in that answers "pip show brainstem" as pip does
        files.put("pip/__init__.py", "");
        files.put("pip/__main__.py", "import sys\nif sys.argv[1:] == ['show', 'brainstem']:\n"
                + "    print('Name: brainstem')\n    print('Version: 2.11.0')\nelse:\n    sys.exit(1)\n");
        String sdk = writeOnLabHost("old", files);
        String ini = "[machine.rig1]\nshell = " + ssh() + "\nusb = remote\npython_path = " + sdk + "\n";
        Discovery found = FabricDiscovery.discover(LabIni.parse(ini, "lab.ini", dir.resolve("lab.ini")), DriverRegistry.load(),
                Duration.ofSeconds(60));
        assertThat(found.machines().get(0).brainstemVersion()).isEqualTo("2.11.0");
        assertThat(found.hubs()).extracting(HubRecord::serial).containsExactly("5100A001");
    }

    @Test
    void aMachineThatDoesNotAnswerInTimeIsReportedAndHoldsNoOneUp() throws IOException {
        Path hanging = sdk("hang", Map.of("5100A001", 19), true);
        String fine = sdkOnLabHost("fine", Map.of("5100B002", 19), false);
        String ini = "[machine.stuck]\nshell = local:\nusb = remote\npython_path = " + hanging + "\n\n"
                + "[machine.fine]\nshell = " + ssh() + "\nusb = remote\npython_path = " + fine + "\n";
        Discovery found = FabricDiscovery.discover(LabIni.parse(ini, "lab.ini", dir.resolve("lab.ini")), DriverRegistry.load(),
                Duration.ofSeconds(3));
        MachineHubs stuck = found.machines().get(0);
        assertThat(stuck.answered()).isFalse();
        // the lab's deadline or the SDK call's own, whichever ends first: both are the timeout given
        assertThat(stuck.error().orElseThrow()).containsAnyOf("no answer within 3 s", "did not finish within 3 s");
        assertThat(found.machines().get(1).hubs()).extracting(HubRecord::serial).containsExactly("5100B002");
    }

    @Test
    void localOnlyFallsBackToTheBusScanWithoutTheSdk() {
        Discovery found = FabricDiscovery.localOnly(dir.resolve("no-python-here").toString(), java.util.Optional.empty(),
                Duration.ofSeconds(30));
        assertThat(found.machines()).hasSize(1);
        MachineHubs local = found.machines().get(0);
        assertThat(local.answered()).isTrue();
        assertThat(local.brainstemVersion()).isEqualTo("none (USB bus scan)");
        assertThat(List.of("local")).contains(local.how());
    }
}
