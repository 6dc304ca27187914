package dev.benchhal.harness.fabric;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.PcieAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabIniTest {

    private static final String SEED_STYLE = """
            # the lab of the seed: its keys, its comments, its DEFAULT section
            [DEFAULT]
            user = lab
            python = /opt/venv/bin/python3

            [machine.workstation]
            usb = local
            ip = 192.168.1.10

            [machine.rig1]
            host = 192.168.1.39
            port = 2222
            identity = /keys/rig key
            usb = remote
            monsoon_serial = 12345 ; a key the fabric does not use: kept, ignored

            [machine.concentrator]
            Host = rig2.lab
            User = root
            notes = first line
                second line

            [fabric]
            fabric_id = lab-a
            concentrator = concentrator

            [fabric.rrh.rrh0]
            acroname_serial = 0x5100a001
            acroname_port = 3
            patch_panel = P1-03
            pcie_address = 01:00.0
            width = 2
            speed = 8.0 GT/s

            [fabric.rrh.rrh1]
            patch_panel: P1-04
            """;

    private static LabIni ini(String text) {
        return LabIni.parse(text, "default.ini", Path.of("/lab/default.ini"));
    }

    @Test
    void readsTheSeedsMachinesWithDefaultsAliasesAndContinuations() {
        LabIni lab = ini(SEED_STYLE);
        List<LabMachine> machines = lab.machines();
        assertThat(machines).extracting(LabMachine::name).containsExactly("workstation", "rig1", "concentrator");
        assertThat(machines.get(0).shell()).isEqualTo("local:");
        assertThat(machines.get(0).usb()).isEqualTo(LabMachine.Usb.LOCAL);
        assertThat(machines.get(1).shell()).isEqualTo("ssh://lab@192.168.1.39:2222?identity=/keys/rig%20key");
        // the key file's name comes back whole from the URI (a '+' for the space would name another file)
        assertThat(dev.benchhal.DeviceUri.parse(machines.get(1).shell()).parameters()).containsEntry("identity", "/keys/rig key");
        assertThat(machines.get(1).usb()).isEqualTo(LabMachine.Usb.REMOTE);
        assertThat(machines.get(1).python()).isEqualTo("/opt/venv/bin/python3");
        assertThat(machines.get(2).shell()).isEqualTo("ssh://root@rig2.lab");
        assertThat(machines.get(2).usb()).isEqualTo(LabMachine.Usb.NONE);
        assertThat(lab.value("machine.concentrator", "notes")).contains("first line\nsecond line");
        assertThat(lab.fabricId()).contains("lab-a");
        assertThat(lab.concentrator()).contains("concentrator");
    }

    @Test
    void readsRadioHeadBindingsAsFarAsTheyGo() {
        List<RrhBinding.Partial> rrhs = ini(SEED_STYLE).radioHeads();
        assertThat(rrhs).hasSize(2);
        RrhBinding.Partial rrh0 = rrhs.get(0);
        assertThat(rrh0.hub()).contains("5100A001");
        assertThat(rrh0.port()).contains(3);
        assertThat(rrh0.address()).contains(PcieAddress.parse("0000:01:00.0"));
        assertThat(rrh0.width()).contains(2);
        assertThat(rrh0.speedGts()).contains(8.0);
        assertThat(rrh0.missing()).isEmpty();
        RrhBinding.Partial rrh1 = rrhs.get(1);
        assertThat(rrh1.patchPanel()).contains("P1-04");
        assertThat(rrh1.missing()).containsExactly("hub", "port", "address", "width");
        assertThatThrownBy(() -> rrh1.complete("default.ini")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("radio head rrh1: no hub, port, address, width");
    }

    @Test
    void errorsNameTheLineAndKey() {
        assertThatThrownBy(() -> ini("[machine.a]\nhost = rig\nport = 70000\n").machines())
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 3").hasMessageContaining("[machine.a] port")
                .hasMessageContaining("expected a whole number from 1 to 65535, got \"70000\"");
        assertThatThrownBy(() -> ini("[machine.a]\nusb = usb3\n").machines())
                .hasMessageContaining("line 2").hasMessageContaining("expected local or remote, got \"usb3\"");
        assertThatThrownBy(() -> ini("[machine.a]\nhost = rig; rm -rf /\n").machines())
                .hasMessageContaining("expected a host name or IP address");
        assertThatThrownBy(() -> ini("[machine.a]\nusb = remote\n").machines())
                .hasMessageContaining("usb = remote needs host");
        assertThatThrownBy(() -> ini("[fabric.rrh.r]\nacroname_serial = 12\n").radioHeads())
                .hasMessageContaining("line 2").hasMessageContaining("8 hex digits, got \"12\"");
        assertThatThrownBy(() -> ini("[fabric.rrh.r]\nwidth = 3\n").radioHeads())
                .hasMessageContaining("expected a PCIe link width [1, 2, 4, 8, 12, 16, 32], got 3");
        assertThatThrownBy(() -> ini("[fabric.rrh.r]\npcie_address = 1:2:3:4\n").radioHeads())
                .hasMessageContaining("[fabric.rrh.r] pcie_address");
        assertThatThrownBy(() -> ini("[a]\nx = 1\n[a]\n")).hasMessageContaining("line 3")
                .hasMessageContaining("section [a] appears twice (first on line 1)");
        assertThatThrownBy(() -> ini("x = 1\n")).hasMessageContaining("a value before the first [section]");
        assertThatThrownBy(() -> ini("[a]\njust words\n")).hasMessageContaining("line 2")
                .hasMessageContaining("expected key = value or a [section]");
        assertThatThrownBy(() -> ini("[a]\n").machine("rig")).hasMessageContaining("no section [machine.rig]");
        assertThatThrownBy(() -> LabIni.load(Path.of("/nonexistent/lab.ini"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anExplicitShellIsTakenAsItIs() {
        LabMachine m = ini("[machine.m]\nshell = ssh://lab@127.0.0.1:2200?identity=/k\nusb = remote\npython_path = /sdk\n").machines().get(0);
        assertThat(m.shell()).isEqualTo("ssh://lab@127.0.0.1:2200?identity=/k");
        assertThat(m.pythonPath()).isEqualTo(Optional.of("/sdk"));
        assertThatThrownBy(() -> ini("[machine.m]\nshell = not a uri\n").machines()).hasMessageContaining("[machine.m] shell");
    }
}
