package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.tck.guest.PrivateLibvirtd;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.hypervisor.AttachMode;
import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.DomainState;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.hypervisor.NodeDevice;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lifecycle and cleanup against a real libvirtd running real QEMU: the processes are checked, not
 * only libvirt's word, and the harness failures of the seed (an exception, SIGTERM, SIGKILL) are
 * played for real.
 */
class LibvirtQemuLifecycleTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static PrivateLibvirtd daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = PrivateLibvirtd.start();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static HypervisorClient open() {
        return new LibvirtProvider().open(DeviceSpec.of("libvirt:" + daemon.libvirtUri()), DriverContext.standalone());
    }

    private static String name() {
        return "bh-life-" + NAMES.incrementAndGet();
    }

    private static DomainSpec tiny(String name) {
        return DomainSpec.builder(name).memoryMiB(64).vcpus(1).build();
    }

    @Test
    void startRunsAQemuProcessAndDestroyEndsIt() {
        try (HypervisorClient hv = open()) {
            String name = name();
            hv.define(tiny(name));
            assertThat(daemon.qemuProcesses()).isEmpty();
            hv.start(name);
            assertThat(daemon.qemuProcesses()).hasSize(1);
            assertThat(hv.domain(name).orElseThrow().memoryMiB()).isEqualTo(64);
            hv.destroy(name);
            assertThat(hv.state(name)).isEqualTo(DomainState.SHUT_OFF);
            assertThat(daemon.qemuProcesses()).isEmpty();
        }
    }

    @Test
    void aGuestThatIgnoresTheShutdownRequestIsDestroyedAfterTheTimeout() {
        try (HypervisorClient hv = open()) {
            String name = name();
            hv.define(tiny(name));
            hv.start(name);
            // no guest OS: nothing answers the ACPI power button
            assertThat(hv.shutdown(name, Duration.ofSeconds(2))).isFalse();
            assertThat(hv.state(name)).isEqualTo(DomainState.SHUT_OFF);
            assertThat(daemon.qemuProcesses()).isEmpty();
        }
    }

    @Test
    void aFailingHarnessStillLeavesNothingBehind() {
        String name = name();
        assertThatThrownBy(() -> {
            try (HypervisorClient hv = open()) {
                hv.define(tiny(name));
                hv.start(name);
                throw new IllegalStateException("the test under the harness failed");
            }
        }).hasMessageContaining("failed");
        try (HypervisorClient hv = open()) {
            assertThat(hv.domain(name)).isEmpty();
            assertThat(hv.leftovers()).isEmpty();
        }
        assertThat(daemon.qemuProcesses()).isEmpty();
    }

    @Test
    void aHarnessStoppedBySigtermRemovesItsDomainsFromTheShutdownHook() throws Exception {
        String name = name();
        Process child = startHolder(name);
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (HypervisorClient hv = open()) {
            assertThat(hv.domain(name)).isEmpty();
            assertThat(hv.leftovers()).isEmpty();
        }
        assertThat(daemon.qemuProcesses()).isEmpty();
    }

    @Test
    void aHarnessKilledOutrightLeavesADomainThatLeftoversFind() throws Exception {
        String name = name();
        Process child = startHolder(name);
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (HypervisorClient hv = open()) {
            // the seed's final verification: nothing may remain, and here something does
            assertThat(hv.leftovers()).containsExactly(name);
            assertThat(hv.domain(name).orElseThrow().owned()).as("owned by the dead client, not this one").isFalse();
            assertThat(daemon.qemuProcesses()).hasSize(1);
            hv.undefine(name);
            assertThat(hv.leftovers()).isEmpty();
        }
        assertThat(daemon.qemuProcesses()).isEmpty();
    }

    @Test
    void persistentHostDeviceAttachReachesTheDefinitionAndDetachRemovesIt() throws Exception {
        try (HypervisorClient hv = open()) {
            String name = name();
            hv.define(tiny(name));
            PcieAddress radio = PcieAddress.parse("0000:00:03.0");
            hv.attachHostDevice(name, radio, AttachMode.PERSISTENT);
            // checked with libvirt's own client, not through the driver
            assertThat(virsh("dumpxml", name)).contains("<hostdev mode='subsystem' type='pci' managed='yes'>")
                    .contains("<address domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>");
            hv.detachHostDevice(name, radio, AttachMode.PERSISTENT);
            assertThat(virsh("dumpxml", name)).doesNotContain("<hostdev");
        }
    }

    @Test
    void liveAttachWhereTheHostCannotPassDevicesThroughIsATypedErrorWithLibvirtsCode() {
        try (HypervisorClient hv = open()) {
            String name = name();
            hv.define(tiny(name));
            hv.start(name);
            // an unprivileged daemon has no VFIO: libvirt refuses, and says why
            assertThatThrownBy(() -> hv.attachHostDevice(name, PcieAddress.parse("0000:00:03.0"), AttachMode.LIVE))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("attach 0000:00:03.0 to " + name)
                    .hasMessageContaining("VIR_ERR_CONFIG_UNSUPPORTED")
                    .hasMessageContaining("passthrough");
            assertThat(hv.state(name)).isEqualTo(DomainState.RUNNING);
        }
    }

    @Test
    void pciNodeDevicesAreThisMachinesPciFunctions() throws IOException {
        List<String> sysfs;
        try (Stream<Path> devices = Files.list(Path.of("/sys/bus/pci/devices"))) {
            sysfs = devices.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (HypervisorClient hv = open()) {
            List<NodeDevice> nodes = hv.pciNodeDevices();
            assertThat(nodes.stream().map(n -> n.address().toString()).sorted().toList()).isEqualTo(sysfs);
            for (NodeDevice n : nodes) {
                Path dir = Path.of("/sys/bus/pci/devices", n.address().toString());
                assertThat(n.vendorId()).as(n.name()).isEqualTo(Integer.decode(Files.readString(dir.resolve("vendor")).strip()));
                assertThat(n.deviceId()).as(n.name()).isEqualTo(Integer.decode(Files.readString(dir.resolve("device")).strip()));
                Path driver = dir.resolve("driver");
                assertThat(n.driver()).as(n.name()).isEqualTo(Files.exists(driver)
                        ? java.util.Optional.of(Files.readSymbolicLink(driver).getFileName().toString()) : java.util.Optional.empty());
            }
        }
    }

    @Test
    void noAddressWithoutANetworkIsATimeoutThatSaysWhatEachSourceAnswered() {
        try (HypervisorClient hv = open()) {
            String name = name();
            hv.define(tiny(name));
            hv.start(name);
            assertThatThrownBy(() -> hv.awaitAddress(name, Duration.ofSeconds(1)))
                    .isInstanceOf(HalTimeoutException.class)
                    .hasMessageContaining(name + " got no IPv4 address within");
        }
    }

    private static Process startHolder(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DomainHolder.class.getName(),
                daemon.libvirtUri(), name).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("domain running")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("the child started its domain; it said:\n" + seen).isEqualTo("domain running");
            assertThat(daemon.qemuProcesses()).hasSize(1);
        } catch (IOException | AssertionError e) {
            child.destroyForcibly();
            throw e;
        }
        return child;
    }

    private static String virsh(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("virsh", "-c", daemon.libvirtUri()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
