package dev.benchhal.usb.acroname;

import dev.benchhal.bridge.BridgeCallException;
import dev.benchhal.error.BusyException;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.usb.UsbPortFlag;
import dev.benchhal.usb.UsbPortState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BrainStemHubTest {

    @TempDir
    Path empty;

    @Test
    void connectsAndReadsStateVoltageAndCurrent() {
        try (BrainStemHub hub = FakeBrainStem.open(FakeBrainStem.HUB3P, "")) {
            assertThat(hub.info().model()).isEqualTo("USBHub3p");
            assertThat(hub.info().firmware()).isEqualTo("2.11.0-fake");
            assertThat(hub.portCount()).isEqualTo(8);
            assertThat(hub.bridgeInfo()).containsEntry("brainstem", "0.0-fake");
            UsbPortState port0 = hub.portState(0);
            assertThat(port0.flags()).contains(UsbPortFlag.VBUS_ON, UsbPortFlag.USB2_DATA_ON, UsbPortFlag.USB3_DATA_ON,
                    UsbPortFlag.DEVICE_ATTACHED);
            assertThat(port0.volts()).isCloseTo(5.05, within(1e-9));
            assertThat(port0.amps()).isCloseTo(0.12, within(1e-9));
            hub.setDataEnabled(0, dev.benchhal.usb.UsbDataLane.USB3, false);
            assertThat(hub.portState(0).flags()).doesNotContain(UsbPortFlag.USB3_DATA_ON);
            hub.reset();
            assertThat(hub.portState(0).powered()).isTrue();
        }
    }

    @Test
    void aTwoByFourHasFourPorts() {
        try (BrainStemHub hub = FakeBrainStem.open(FakeBrainStem.HUB2X4, "model=USBHub2x4")) {
            assertThat(hub.portCount()).isEqualTo(4);
            assertThatThrownBy(() -> hub.setPortPower(4, true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("port 4 is outside 0..3 (4 ports on a USBHub2x4)");
        }
    }

    @Test
    void anUnknownSerialOrTheWrongModelIsNotFound() {
        assertThatThrownBy(() -> FakeBrainStem.open("12345678", "")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no USBHub3p with serial 12345678");
        assertThatThrownBy(() -> FakeBrainStem.open(FakeBrainStem.HUB2X4, "")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void sdkErrorCodesAreReportedWithTheirNumber() {
        try (BrainStemHub hub = FakeBrainStem.open(FakeBrainStem.HUB3P, "")) {
            assertThatThrownBy(() -> hub.setPortCurrentLimit(2, 4.0)).isInstanceOf(BridgeCallException.class)
                    .hasMessageContaining("BAD_PARAM").hasMessageContaining("BrainStem error 2");
            assertThatThrownBy(() -> hub.setPortCurrentLimit(2, 9.0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void oneConnectionPerHubPerProcess() {
        try (BrainStemHub hub = FakeBrainStem.open(FakeBrainStem.HUB3P, "")) {
            assertThatThrownBy(() -> FakeBrainStem.open(FakeBrainStem.HUB3P, "")).isInstanceOf(BusyException.class)
                    .hasMessageContaining("already open in this process");
            assertThat(hub.portState(1).powered()).isTrue();
        }
        try (BrainStemHub again = FakeBrainStem.open(FakeBrainStem.HUB3P, "")) {
            assertThat(again.portCount()).isEqualTo(8);
        }
    }

    @Test
    void aHubHeldByAnotherProcessIsBusy() throws Exception {
        // another process holds the hub's exclusive link, as a second SDK client would
        Process holder = new ProcessBuilder("python3", "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                + "import brainstem.stem as s, brainstem.link as l; h = s.USBHub3p();"
                + "print(h.discoverAndConnect(l.Spec.USB, 0xBFABDDC4), flush=True); sys.stdin.read()",
                FakeBrainStem.packages().toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("0");
            assertThatThrownBy(() -> FakeBrainStem.open(FakeBrainStem.HUB3P, "")).isInstanceOf(BusyException.class)
                    .hasMessageContaining("held by another process");
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    void aCrashingSdkIsADisconnectionAndTheNextCallReconnects() {
        try (BrainStemHub hub = FakeBrainStem.open(FakeBrainStem.CRASHING, "")) {
            assertThatThrownBy(() -> hub.portState(5)).isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("exited with code 9");
            assertThat(hub.portState(4).powered()).isTrue();
            assertThat(hub.bridgeStarts()).isEqualTo(2);
        }
    }

    @Test
    void aMissingSdkSaysWhatToInstall() {
        String uri = "acroname:usb:" + FakeBrainStem.HUB3P + "?pythonPath=" + empty;
        assertThatThrownBy(() -> new AcronameProvider().open(DeviceSpec.of(uri), DriverContext.standalone()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("brainstem is not importable")
                .hasMessageContaining("BENCHHAL_ACRONAME_PYTHON");
        // the failed open released the hub
        try (BrainStemHub hub = FakeBrainStem.open(FakeBrainStem.HUB3P, "")) {
            assertThat(hub.portCount()).isEqualTo(8);
        }
    }

    @Test
    void badUrisAreConfigurationErrors() {
        assertThatThrownBy(() -> new AcronameProvider().open(DeviceSpec.of("acroname:usb:XYZ"), DriverContext.standalone()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not 8 hex digits");
        assertThatThrownBy(() -> new AcronameProvider().open(DeviceSpec.of("acroname:serial:1"), DriverContext.standalone()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected acroname:usb:SERIAL");
        assertThatThrownBy(() -> new AcronameProvider().open(DeviceSpec.of("acroname:usb:BFABDDC4?model=Hub9"),
                DriverContext.standalone())).isInstanceOf(ConfigException.class).hasMessageContaining("USBHub3p");
        assertThatThrownBy(() -> new AcronameProvider().open(DeviceSpec.of("acroname:sim?ports=99"),
                DriverContext.standalone())).isInstanceOf(ConfigException.class).hasMessageContaining("ports=99");
    }
}
