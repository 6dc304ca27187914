package dev.benchhal;

import dev.benchhal.error.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceUriTest {

    @Test
    void anEncodedValueComesBackAsItWas() {
        for (String value : new String[] {"/home/tester/my keys/id_ed25519", "a+b", "x&y=z", "50%", "ümlaut ✓", "?#", "plain/path-1.2_~"}) {
            DeviceUri uri = DeviceUri.parse("ssh://tester@lab-07?identity=" + DeviceUri.encodeValue(value));
            assertThat(uri.parameters()).as(value).containsEntry("identity", value);
        }
        assertThat(DeviceUri.encodeValue("/a b+c")).isEqualTo("/a%20b%2Bc");
    }

    @Test
    void parsesTheDesignExamples() {
        DeviceUri mum = DeviceUri.parse("mum://192.168.7.2/lin0?baud=19200");
        assertThat(mum.scheme()).isEqualTo("mum");
        assertThat(mum.host()).contains("192.168.7.2");
        assertThat(mum.path()).isEqualTo("/lin0");
        assertThat(mum.parameters()).containsEntry("baud", "19200");

        DeviceUri local = DeviceUri.parse("local:");
        assertThat(local.scheme()).isEqualTo("local");
        assertThat(local.target()).isEmpty();

        DeviceUri mock = DeviceUri.parse("lin-mock:?ldf=alm.ldf");
        assertThat(mock.target()).isEmpty();
        assertThat(mock.parameter("ldf")).contains("alm.ldf");

        DeviceUri ssh = DeviceUri.parse("ssh://admin@10.0.0.5:22");
        assertThat(ssh.user()).contains("admin");
        assertThat(ssh.host()).contains("10.0.0.5");
        assertThat(ssh.port()).hasValue(22);

        DeviceUri sim = DeviceUri.parse("owon:sim:SPE6103");
        assertThat(sim.nested().scheme()).isEqualTo("sim");
        assertThat(sim.nested().target()).isEqualTo("SPE6103");
    }

    @Test
    void nestedUriKeepsTheParameters() {
        DeviceUri owon = DeviceUri.parse("owon:serial:///dev/ttyUSB0?baud=9600");
        DeviceUri serial = owon.nested();
        assertThat(serial.scheme()).isEqualTo("serial");
        assertThat(serial.path()).isEqualTo("/dev/ttyUSB0");
        assertThat(serial.host()).isEmpty();
        assertThat(serial.parameters()).containsEntry("baud", "9600");
        assertThat(DeviceUri.parse("libvirt:qemu+ssh://root@hv/system?keyfile=/k").schemeSpecificPart())
                .isEqualTo("qemu+ssh://root@hv/system?keyfile=/k");
    }

    @Test
    void parsesIpv6HostsAndPercentEscapes() {
        DeviceUri u = DeviceUri.parse("ssh://root@[::1]:2222?label=rig%20one");
        assertThat(u.host()).contains("[::1]");
        assertThat(u.port()).hasValue(2222);
        assertThat(u.parameter("label")).contains("rig one");
    }

    @Test
    void rejectsMalformedUrisWithTheReason() {
        assertThatThrownBy(() -> DeviceUri.parse("ttyUSB0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected SCHEME:TARGET");
        assertThatThrownBy(() -> DeviceUri.parse("Owon:sim")).hasMessageContaining("scheme \"Owon\"");
        assertThatThrownBy(() -> DeviceUri.parse("local: x")).hasMessageContaining("white space");
        assertThatThrownBy(() -> DeviceUri.parse("x:?a=1&a=2")).hasMessageContaining("\"a\" is given twice");
        assertThatThrownBy(() -> DeviceUri.parse("ssh://h:99999")).hasMessageContaining("outside 1..65535");
        assertThatThrownBy(() -> DeviceUri.parse("ssh://h:abc")).hasMessageContaining("\"abc\" is not a number");
        assertThatThrownBy(() -> DeviceUri.parse("x:?a=%G1")).hasMessageContaining("bad percent escape");
    }

    @Test
    void refusesPasswordsInUrisAndRedactsSecretParameters() {
        assertThatThrownBy(() -> DeviceUri.parse("ssh://root:hunter2@rig"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("password in a URI is not accepted")
                .hasMessageNotContaining("hunter2");
        DeviceUri u = DeviceUri.parse("x://h?token=abc&baud=1");
        assertThat(u.toString()).isEqualTo("x://h?token=****&baud=1");
        assertThat(u.raw()).contains("abc");
        for (String nested : java.util.List.of("libvirt:qemu+tcp://root:hunter2@host/system",
                "pcie:ssh://lab:hunter2@rig", "acroname:remote:ssh://u:hunter2@[::1]:22/x?serial=1")) {
            assertThatThrownBy(() -> DeviceUri.parse(nested)).as(nested)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("password in a URI is not accepted")
                    .hasMessageNotContaining("hunter2");
        }
        assertThat(DeviceUri.parse("libvirt:qemu+ssh://root@[::1]:22/system?passwd=hunter2").toString())
                .doesNotContain("hunter2").contains("passwd=****");
        assertThat(DeviceUri.isSecretName("sshPasswd")).isTrue();
    }
}
