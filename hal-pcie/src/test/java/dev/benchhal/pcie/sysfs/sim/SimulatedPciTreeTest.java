package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchFiles;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieMatch;
import dev.benchhal.pcie.sysfs.PcieProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's hot-swap behaviour in bench time: remove, rescan, slot power, hub port power, link training. */
class SimulatedPciTreeTest {

    private static final PcieAddress RADIO_1 = PcieAddress.parse("0000:01:00.0");
    private static final PcieAddress RADIO_2 = PcieAddress.parse("0000:02:00.0");

    @TempDir
    Path dir;

    private final VirtualClock clock = VirtualClock.autoAdvancing();

    private PcieHost open(String uri) {
        return new PcieProvider().open(DeviceSpec.of(uri), DriverContext.standalone(clock));
    }

    @Test
    void sixtyFourRadiosHaveRootPortsOfTheirOwnClearOfTheLpcBridge() {
        try (PcieHost host = open("pcie:sim?radios=64&functions=120&training=0ms")) {
            List<PcieDevice> radios = host.devices().stream().filter(PcieDevice::isWireless).toList();
            assertThat(radios).hasSize(64);
            assertThat(radios).extracting(d -> d.parent().orElseThrow()).doesNotHaveDuplicates()
                    .allSatisfy(port -> assertThat(port.bus()).isZero())
                    .doesNotContain(new PcieAddress(0, 0, 0x1f, 0), new PcieAddress(0, 0, 0x1f, 4));
            assertThat(host.device(new PcieAddress(0, 0, 0x1f, 0))).get().extracting(PcieDevice::classCode).isEqualTo(0x060100);
            assertThat(host.devices()).hasSizeGreaterThanOrEqualTo(120);
        }
    }

    @Test
    void slotsAreListedWithTheirStateAlsoWithoutACardAndAnEmptySlotCannotBePowered() {
        try (PcieHost host = open("pcie:sim?radios=2&emptySlots=1&training=0ms")) {
            java.util.List<dev.benchhal.pcie.PcieSlot> slots = host.slots();
            assertThat(slots).extracting(dev.benchhal.pcie.PcieSlot::name).containsExactly("1", "2", "3");
            dev.benchhal.pcie.PcieSlot first = slots.get(0);
            assertThat(first.address()).isEqualTo("0000:01:00");
            assertThat(first.powered()).contains(true);
            assertThat(first.cardPresent()).contains(true);
            assertThat(first.functions()).containsExactly(RADIO_1);
            dev.benchhal.pcie.PcieSlot empty = slots.get(2);
            assertThat(empty.empty()).isTrue();
            assertThat(empty.cardPresent()).contains(false);
            assertThat(empty.powered()).contains(false);
            assertThat(empty.functions()).isEmpty();
            assertThatThrownBy(() -> host.setSlotPower("3", true)).isInstanceOf(dev.benchhal.error.NotFoundException.class)
                    .hasMessageContaining("slot 3 (0000:03:00) has no card in it");
            // a slot with a card, powered off, is still a slot with a card: not empty
            host.setSlotPower("1", false);
            dev.benchhal.pcie.PcieSlot off = host.slots().get(0);
            assertThat(off.powered()).contains(false);
            assertThat(off.functions()).isEmpty();
            assertThat(off.empty()).isFalse();
            host.setSlotPower("1", true);
            host.awaitDevice(dev.benchhal.pcie.PcieMatch.at(RADIO_1), Duration.ofSeconds(5));
            assertThat(host.slots().get(0).functions()).containsExactly(RADIO_1);
        }
    }

    @Test
    void aSlotPoweredOffLosesItsRadioAndPowerOnBringsItBackAfterLinkTraining() {
        try (PcieHost host = open("pcie:sim?radios=2&training=500ms")) {
            assertThat(host.device(RADIO_1)).get().extracting(PcieDevice::slot).isEqualTo(java.util.Optional.of("1"));
            host.setSlotPower("1", false);
            assertThat(host.device(RADIO_1)).isEmpty();
            assertThat(host.device(RADIO_2)).as("the other slot").isPresent();
            host.setSlotPower("1", true);
            assertThat(host.device(RADIO_1)).as("still training").isEmpty();
            var start = clock.elapsed();
            PcieDevice back = host.awaitDevice(PcieMatch.at(RADIO_1), Duration.ofSeconds(2));
            assertThat(clock.elapsed().minus(start)).isBetween(Duration.ofMillis(500), Duration.ofMillis(700));
            assertThat(back.link()).get().satisfies(l -> assertThat(l.currentWidth()).isEqualTo(1));
        }
    }

    @Test
    void removeKeepsAHotPlugDeviceAwayUntilRescanAndTakesTheSubtreeWithIt() {
        try (PcieHost host = open("pcie:sim?radios=1&functions=30")) {
            PcieAddress switchRoot = PcieAddress.parse("0000:00:01.0");
            int before = host.devices().size();
            long below = host.devices().stream().filter(d -> d.address().bus() >= 2).count();
            host.remove(switchRoot);
            assertThat(host.devices()).hasSize(before - 1 - (int) below);
            host.remove(RADIO_1);
            clock.advance(Duration.ofSeconds(5));
            assertThat(host.device(RADIO_1)).as("a removed device stays away").isEmpty();
            host.rescan();
            assertThat(host.devices()).hasSize(before);
        }
    }

    @Test
    void rescanOfABridgeRestoresOnlyItsSubtree() {
        try (PcieHost host = open("pcie:sim?radios=2&functions=30")) {
            PcieAddress nic = PcieAddress.parse("0000:05:00.1");
            PcieAddress downstream = host.device(nic).orElseThrow().parent().orElseThrow();
            host.remove(nic);
            host.remove(RADIO_2);
            assertThatThrownBy(() -> host.rescan(nic)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> host.rescan(RADIO_1)).isInstanceOf(ConfigException.class).hasMessageContaining("not a PCI bridge");
            host.rescan(downstream);
            assertThat(host.device(nic)).isPresent();
            assertThat(host.device(RADIO_2)).as("outside the rescanned bridge").isEmpty();
        }
    }

    @Test
    void unknownSlotsAndAbsentFunctionsAreTypedErrorsNamingThem() {
        try (PcieHost host = open("pcie:sim?radios=1")) {
            assertThatThrownBy(() -> host.setSlotPower("9", true)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("\"9\"").hasMessageContaining("[1]");
            assertThatThrownBy(() -> host.setSlotPower("1; reboot", true)).isInstanceOf(ConfigException.class);
            assertThatThrownBy(() -> host.reset(PcieAddress.parse("0000:7f:00.0"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("0000:7f:00.0");
            assertThatThrownBy(() -> host.awaitGone(PcieMatch.at(RADIO_1), Duration.ofMillis(300)))
                    .isInstanceOf(HalTimeoutException.class).hasMessageContaining(RADIO_1.toString());
        }
        assertThatThrownBy(() -> open("pcie:sim?radios=99")).isInstanceOf(ConfigException.class).hasMessageContaining("radios");
        assertThatThrownBy(() -> open("pcie:sim?radio=2")).isInstanceOf(ConfigException.class).hasMessageContaining("radio");
    }

    @Test
    void radioHeadsFollowThePowerOfTheirHubPorts() throws Exception {
        String yaml = String.join("\n",
                "devices:",
                "  hub: \"acroname:sim?ports=8\"",
                "  fabric: \"pcie:sim?radios=2&hub=hub&ports=3,5&training=300ms\"",
                "");
        try (Bench bench = Bench.open(BenchFiles.parse(yaml, "bench.yaml", dir), DriverRegistry.load(), clock)) {
            UsbHub hub = bench.get("hub", UsbHub.class);
            PcieHost fabric = bench.get("fabric", PcieHost.class);
            assertThat(fabric.device(RADIO_2)).isPresent();
            hub.setPortPower(5, false);
            assertThat(fabric.device(RADIO_2)).as("port 5 powers radio 2").isEmpty();
            assertThat(fabric.device(RADIO_1)).isPresent();
            hub.powerCycle(3, Duration.ofSeconds(1));
            assertThat(fabric.device(RADIO_1)).as("training after the cycle").isEmpty();
            fabric.awaitDevice(PcieMatch.at(RADIO_1), Duration.ofSeconds(1));
            hub.setPortPower(5, true);
            fabric.awaitDevice(PcieMatch.at(RADIO_2), Duration.ofSeconds(1));
        }
    }

    @Test
    void theTreeLivesInADirectoryThatPcieSysfsReads() throws Exception {
        Path tree = dir.resolve("tree");
        try (PcieHost sim = open("pcie:sim?radios=3&functions=20&dir=" + tree)) {
            sim.remove(RADIO_2);
            assertThat(Files.isSymbolicLink(tree.resolve("bus/pci/devices/0000:01:00.0"))).isTrue();
            try (PcieHost files = open("pcie:sysfs:" + tree.resolve("bus/pci"))) {
                List<PcieAddress> seen = files.devices().stream().map(PcieDevice::address).toList();
                assertThat(seen).isEqualTo(sim.devices().stream().map(PcieDevice::address).toList()).doesNotContain(RADIO_2);
                assertThat(files.devices()).isEqualTo(sim.devices());
            }
        }
    }

    @Test
    void theTreeIsNeverWrittenOverSomeonesFiles() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        assertThatThrownBy(() -> open("pcie:sim?dir=" + mine)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dir=" + mine + " is neither empty nor a simulated tree");
        try (var left = Files.list(mine)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("notes.txt");
        }
        Path file = mine.resolve("notes.txt");
        assertThatThrownBy(() -> open("pcie:sim?dir=" + file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a directory");
        // a tree the simulator wrote before is taken again
        Path tree = dir.resolve("again");
        try (PcieHost first = open("pcie:sim?radios=2&dir=" + tree)) {
            assertThat(first.devices()).isNotEmpty();
        }
        try (PcieHost second = open("pcie:sim?radios=2&dir=" + tree)) {
            assertThat(second.devices()).isNotEmpty();
        }
    }
}
