package dev.benchhal.harness.fabric;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testcontainers.LabHostContainer;
import dev.benchhal.testcontainers.LabHostExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fabric of a lab whose hubs hang off a lab host that is a container of its own ({@link LabHostContainer}, the
 * fake BrainStem SDK on it): discovered over SSH as on a lab machine (the seed's usb=remote), bound, and found
 * MISSING when a bound hub is unplugged, READY again when it is back.
 */
@ExtendWith(LabHostExtension.class)
class LabHostFabricTest {

    private static LabHostContainer host;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(LabHostContainer container) {
        host = container;
    }

    private Discovery discover() {
        String ini = "[machine.rig1]\nshell = " + host.sshUri() + "\nusb = remote\npython = " + LabHostContainer.PYTHON
                + "\npython_path = " + LabHostContainer.PYTHON_PATH + "\n";
        return FabricDiscovery.discover(LabIni.parse(ini, "lab.ini", dir.resolve("lab.ini")), DriverRegistry.load(), Duration.ofSeconds(60));
    }

    @Test
    void hubsOnTheLabHostAreDiscoveredOverSshAndAnUnpluggedBoundHubMakesTheFabricMissing() {
        Discovery found = discover();
        MachineHubs rig = found.machines().get(0);
        assertThat(rig.answered()).as(rig.error().orElse("")).isTrue();
        assertThat(rig.how()).isEqualTo("remote");
        assertThat(rig.brainstemVersion()).isEqualTo("0.0-fake");
        assertThat(rig.hubs()).extracting(HubRecord::serial).containsExactly("0000BEEF", "00C0FFEE", "BFABDDC4", "E2C9BFA6");

        FabricDefinition fabric = FabricDefinition.bound("lab", Optional.empty(), found,
                List.of(new RrhBinding("rrh0", "BFABDDC4", 2, "", PcieAddress.parse("01:00.0"), 1, 0, "")));
        assertThat(FabricStatus.of(fabric, found).state()).isEqualTo(FabricStatus.State.READY);

        host.unplugHub("BFABDDC4");
        try {
            FabricStatus unplugged = FabricStatus.of(fabric, discover());
            assertThat(unplugged.state()).isEqualTo(FabricStatus.State.MISSING);
            assertThat(unplugged.changes()).first().asString().contains("hub BFABDDC4 (rrh0) not found on rig1");
        } finally {
            host.plugInHub("BFABDDC4");
        }
        assertThat(FabricStatus.of(fabric, discover()).state()).isEqualTo(FabricStatus.State.READY);
    }
}
