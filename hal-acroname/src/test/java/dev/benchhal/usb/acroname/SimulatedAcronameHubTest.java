package dev.benchhal.usb.acroname;

import dev.benchhal.DeviceUri;
import dev.benchhal.time.VirtualClock;
import dev.benchhal.usb.UsbPortEvent;
import dev.benchhal.usb.UsbPortFlag;
import dev.benchhal.usb.acroname.sim.SimulatedAcronameHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedAcronameHubTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();
    private final SimulatedAcronameHub hub = new SimulatedAcronameHub(DeviceUri.parse("acroname:sim"),
            AcronameModel.USBHUB3P, 8, "5100A001", clock);

    @Test
    void devicesDrawCurrentOnlyWhilePowered() {
        hub.attachDevice(2, 0.9);
        assertThat(hub.portState(2).flags()).contains(UsbPortFlag.DEVICE_ATTACHED);
        assertThat(hub.measurePortCurrent(2)).isEqualTo(0.9);
        hub.setPortPower(2, false);
        assertThat(hub.measurePortCurrent(2)).isZero();
        assertThat(hub.measurePortVoltage(2)).isZero();
        assertThat(hub.portState(2).flags()).doesNotContain(UsbPortFlag.DEVICE_ATTACHED);
        hub.detachDevice(2);
        hub.setPortPower(2, true);
        assertThat(hub.measurePortCurrent(2)).isZero();
    }

    @Test
    void overCurrentTripsThePortAndTellsListeners() {
        List<UsbPortEvent> events = new ArrayList<>();
        hub.onPortPowerChange(events::add);
        hub.setPortCurrentLimit(4, 0.5);
        hub.attachDevice(4, 0.8);
        assertThat(hub.portState(4).flags()).contains(UsbPortFlag.ERROR).doesNotContain(UsbPortFlag.VBUS_ON);
        assertThat(events).extracting(UsbPortEvent::port, UsbPortEvent::powered).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, false));
        hub.setPortCurrentLimit(4, 1.0);
        hub.setPortPower(4, true);
        assertThat(hub.portState(4).flags()).contains(UsbPortFlag.VBUS_ON).doesNotContain(UsbPortFlag.ERROR);
        assertThat(events).hasSize(2);
    }

    @Test
    void powerCycleTakesItsOffTimeOnTheBenchClockAndResetRestoresPorts() {
        List<UsbPortEvent> events = new ArrayList<>();
        try (var s = hub.onPortPowerChange(events::add)) {
            Duration before = clock.elapsed();
            hub.powerCycle(1, Duration.ofSeconds(2));
            assertThat(clock.elapsed().minus(before)).isEqualTo(Duration.ofSeconds(2));
            assertThat(events.get(1).at()).isAfter(events.get(0).at());
            hub.setPortEnabled(6, false);
            hub.reset();
            assertThat(hub.portState(6).enabled()).isTrue();
            assertThat(events).extracting(UsbPortEvent::port).containsExactly(1, 1, 6, 6);
        }
        hub.setPortPower(0, false);
        assertThat(events).hasSize(4);
    }
}
