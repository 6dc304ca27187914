package dev.benchhal.tck;

import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieMatch;
import dev.benchhal.pcie.PcieTree;
import dev.benchhal.pcie.SnapshotOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@link PcieHost} contract. Read-only tests run on any host; the hot-swap tests run only
 * when {@link #removableDevice()} names a function that may be removed and rescanned
 * (simulators; a real host only with root and a device nothing depends on).
 */
public abstract class PcieHostContract extends DeviceContract<PcieHost> {

    /** For driver tests that extend this contract. */
    protected PcieHostContract() {
    }

    /** @return a function the tests may remove and bring back with a rescan, if any */
    protected abstract Optional<PcieAddress> removableDevice();

    /** @return an address where no function exists */
    protected PcieAddress absentAddress() {
        return PcieAddress.parse("ffff:ff:1f.7");
    }

    /** @return how long a removed device may take to come back after a rescan */
    protected Duration rescanTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    protected void touch(PcieHost host) {
        host.devices();
    }

    @Test
    void enumeratesInAddressOrderWithoutDuplicates() {
        List<PcieAddress> addresses = device.devices().stream().map(PcieDevice::address).toList();
        assertThat(addresses).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void lookupAgreesWithEnumeration() {
        for (PcieDevice d : device.devices()) {
            assertThat(device.device(d.address())).get().extracting(PcieDevice::address).isEqualTo(d.address());
        }
        assertThat(device.device(absentAddress())).isEmpty();
    }

    @Test
    void treeHoldsEveryFunctionOnceUnderItsParent() {
        List<PcieAddress> seen = new ArrayList<>();
        for (PcieTree.Node root : device.tree().roots()) {
            walk(root, null, seen);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(device.devices().stream().map(PcieDevice::address).toList());
    }

    private static void walk(PcieTree.Node node, PcieAddress parent, List<PcieAddress> seen) {
        seen.add(node.device().address());
        if (parent != null) {
            assertThat(node.device().parent()).as(node.device().address() + " parent").contains(parent);
        }
        for (PcieTree.Node child : node.children()) {
            walk(child, node.device().address(), seen);
        }
    }

    @Test
    void waitingForAnAbsentDeviceTimesOutNamingIt() {
        assertThatThrownBy(() -> device.awaitDevice(PcieMatch.at(absentAddress()), Duration.ofMillis(300)))
                .isInstanceOf(HalTimeoutException.class).hasMessageContaining(absentAddress().toString());
        device.awaitGone(PcieMatch.at(absentAddress()), Duration.ofMillis(300));
    }

    @Test
    void removingAnAbsentDeviceIsNotFound() {
        assertThatThrownBy(() -> device.remove(absentAddress())).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(absentAddress().toString());
    }

    @Test
    void removeAndRescanBringTheDeviceBack() {
        assumeTrue(removableDevice().isPresent(), "no removable device on this host");
        PcieAddress a = removableDevice().get();
        PcieDevice before = device.device(a).orElseThrow();
        device.remove(a);
        device.awaitGone(PcieMatch.at(a), rescanTimeout());
        assertThat(device.device(a)).isEmpty();
        device.rescan();
        PcieDevice after = device.awaitDevice(PcieMatch.ids(before.vendorId(), before.deviceId()), rescanTimeout());
        assertThat(after.address()).isEqualTo(a);
    }

    @Test
    void snapshotShowsTheSameDevices() {
        HostSnapshot s = device.snapshot(SnapshotOptions.defaults("contract"));
        assertThat(s.label()).isEqualTo("contract");
        assertThat(s.devices()).extracting(PcieDevice::address)
                .containsExactlyElementsOf(device.devices().stream().map(PcieDevice::address).toList());
        assertThat(s.wirelessDevices()).allMatch(PcieDevice::isWireless);
        HostSnapshot cpuOnly = device.snapshot(new SnapshotOptions("cpu", false, 0, false));
        assertThat(cpuOnly.devices()).isEmpty();
        assertThat(cpuOnly.lspciTree()).isEmpty();
    }
}
