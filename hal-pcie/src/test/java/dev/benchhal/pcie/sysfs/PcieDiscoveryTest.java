package dev.benchhal.pcie.sysfs;

import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code pcie:local} is discovered where a PCI sysfs lists functions, with their count. */
class PcieDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void thisMachinesSysfsIsFoundWithItsFunctionCount() throws IOException {
        assumeTrue(Files.isDirectory(LocalSysfs.DEFAULT_DEVICES), "no PCI sysfs on this machine");
        long functions;
        try (Stream<Path> entries = Files.list(LocalSysfs.DEFAULT_DEVICES)) {
            functions = entries.count();
        }
        assertThat(new PcieProvider().discover(DriverContext.standalone())).singleElement().satisfies(d -> {
            assertThat(d.uri().toString()).isEqualTo("pcie:local");
            assertThat(d.description()).isEqualTo("this machine's PCI sysfs, " + functions + " functions in /sys/bus/pci/devices");
        });
    }

    @Test
    void onlyFunctionAddressesCountAndAnEmptyOrMissingTreeIsNothing() throws IOException {
        Path devices = Files.createDirectories(dir.resolve("devices"));
        assertThat(PcieProvider.discoverAt(devices)).isEmpty();
        Files.createDirectories(devices.resolve("0000:00:02.0"));
        Files.createDirectories(devices.resolve("0000:01:00.1"));
        Files.createDirectories(devices.resolve("not-a-function"));
        assertThat(PcieProvider.discoverAt(devices)).extracting(DiscoveredDevice::description)
                .containsExactly("this machine's PCI sysfs, 2 functions in " + devices);
        assertThat(PcieProvider.discoverAt(dir.resolve("absent"))).isEmpty();
    }
}
