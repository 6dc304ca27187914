package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.hypervisor.AttachMode;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.GuestAddress;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.hypervisor.NodeDevice;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against the real libvirt library: the test driver in process, and libvirt's own schema validator. */
class LibvirtClientTest {

    @TempDir
    Path dir;

    private static HypervisorClient open(String libvirtUri) {
        return new LibvirtProvider().open(DeviceSpec.of("libvirt:" + libvirtUri), DriverContext.standalone());
    }

    private static String rigWithRadios() {
        try {
            return "test://" + Path.of(LibvirtClientTest.class.getResource("/libvirt/rig-with-radios.xml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainSpec passthroughVm(String name) {
        return DomainSpec.builder(name).memoryMiB(512).vcpus(2)
                .disk(new DomainSpec.Disk("/var/lib/libvirt/images/" + name + ".qcow2", "qcow2", "vda", false))
                .kernelBoot(new DomainSpec.KernelBoot("/boot/vmlinuz", Optional.of("/boot/initrd.img"), "console=ttyS0 quiet"))
                .networkInterface(new DomainSpec.NetworkInterface("default", Optional.of("52:54:00:12:34:56"), "virtio"))
                .hostDevice(PcieAddress.parse("0000:01:00.0"))
                .build();
    }

    @Test
    void theGeneratedXmlIsValidForLibvirtsSchema() throws IOException, InterruptedException {
        // user values that would break naive string building stay values
        DomainSpec spec = DomainSpec.builder("vm-xml-check").memoryMiB(256).vcpus(1)
                .kernelBoot(new DomainSpec.KernelBoot("/boot/vmlinuz", Optional.empty(), "root=/dev/vda1 note=\"<&>\""))
                .hostDevice(PcieAddress.parse("0000:02:00.0"))
                .forward(DomainSpec.PortForward.ssh(2222)).forward(new DomainSpec.PortForward("127.0.0.1", 8080, 80))
                .emulated(DomainSpec.EmulatedDevice.VIRTIO_RNG).emulated(DomainSpec.EmulatedDevice.WATCHDOG_I6300ESB).build();
        Path xml = Files.writeString(dir.resolve("domain.xml"), DomainXml.domain(spec, "qemu", "client-1"));
        Process validate = new ProcessBuilder("virt-xml-validate", xml.toString(), "domain").redirectErrorStream(true).start();
        String output = new String(validate.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(validate.waitFor()).as(output).isZero();
        assertThat(Files.readString(xml)).contains("note=\"&lt;&amp;&gt;\"").contains("benchhal:owner")
                .contains("<qemu:arg value=\"user,id=benchhal-user0,restrict=on,hostfwd=tcp:127.0.0.1:2222-:22,"
                        + "hostfwd=tcp:127.0.0.1:8080-:80\"/>")
                .contains("<rng model=\"virtio\">").contains("<watchdog action=\"none\" model=\"i6300esb\"/>");
        // only an address and numbers reach QEMU's option string: nothing can add an option of its own
        assertThatThrownBy(() -> new DomainSpec.PortForward("127.0.0.1,guestfwd=tcp:10.0.2.100:1-cmd:sh", 2222, 22))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected an IPv4 address");
        assertThatThrownBy(() -> DomainSpec.builder("twice").forward(DomainSpec.PortForward.ssh(2222))
                .forward(new DomainSpec.PortForward("127.0.0.1", 2222, 80)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forwarded twice");
        Path hostdev = Files.writeString(dir.resolve("hostdev.xml"), DomainXml.hostDevice(PcieAddress.parse("0000:02:00.0")));
        assertThat(Files.readString(hostdev)).contains("bus=\"0x02\"").contains("managed=\"yes\"");
    }

    @Test
    void aFullySpecifiedDomainIsDefinedAndReportsAddresses() {
        try (HypervisorClient hv = open("test:///default")) {
            DomainInfo info = hv.define(passthroughVm("vm-full"));
            assertThat(info.memoryMiB()).isEqualTo(512);
            assertThat(info.vcpus()).isEqualTo(2);
            assertThat(info.owned()).isTrue();
            hv.start("vm-full");
            GuestAddress address = hv.awaitAddress("vm-full", Duration.ofSeconds(5));
            assertThat(address.ipv6()).isFalse();
            assertThat(address.address()).isNotBlank();
        }
    }

    @Test
    void anotherClientSeesTheDomainAsNotItsOwnButAsALeftover() {
        try (HypervisorClient a = open("test:///default"); HypervisorClient b = open("test:///default")) {
            a.define(DomainSpec.builder("vm-shared").memoryMiB(64).vcpus(1).build());
            assertThat(b.domain("vm-shared")).hasValueSatisfying(d -> assertThat(d.owned()).isFalse());
            assertThat(b.leftovers()).contains("vm-shared");
            assertThat(b.domains()).extracting(DomainInfo::name).contains("vm-shared", "test");
            assertThat(b.leftovers()).doesNotContain("test");     // the driver's own domain carries no mark
        }
    }

    @Test
    void pciNodeDevicesComeFromTheHostsDescription() {
        try (HypervisorClient hv = open(rigWithRadios())) {
            List<NodeDevice> devices = hv.pciNodeDevices();
            assertThat(devices).extracting(NodeDevice::address).containsExactlyInAnyOrder(
                    PcieAddress.parse("0000:01:00.0"), PcieAddress.parse("0000:02:00.0"));
            NodeDevice intel = devices.stream().filter(d -> d.vendorId() == 0x8086).findFirst().orElseThrow();
            assertThat(intel.deviceId()).isEqualTo(0x2725);
            assertThatThrownBy(() -> hv.detachFromHost(PcieAddress.parse("0000:09:00.0")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("0000:09:00.0");
        }
    }

    @Test
    void whatTheTestDriverCannotDoIsATypedErrorWithLibvirtsCode() {
        try (HypervisorClient hv = open("test:///default")) {
            hv.define(DomainSpec.builder("vm-attach").memoryMiB(64).vcpus(1).build());
            hv.start("vm-attach");
            assertThatThrownBy(() -> hv.attachHostDevice("vm-attach", PcieAddress.parse("0000:01:00.0"), AttachMode.LIVE))
                    .isInstanceOf(HalException.class).hasMessageContaining("attach 0000:01:00.0 to vm-attach")
                    .hasMessageContaining("(libvirt VIR_ERR_");
        }
    }

    @Test
    void badUrisAndUnreachableHypervisorsAreTyped() {
        assertThatThrownBy(() -> open("nonsense")).isInstanceOf(ConfigException.class).hasMessageContaining("LIBVIRT_URI");
        assertThatThrownBy(() -> open("bogus:///nowhere")).isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("cannot connect to libvirt at bogus:///nowhere");
        try (HypervisorClient hv = open("test:///default")) {
            assertThatThrownBy(() -> hv.define(DomainSpec.builder("test").memoryMiB(64).vcpus(1).build()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("exists already");
        }
    }
}
