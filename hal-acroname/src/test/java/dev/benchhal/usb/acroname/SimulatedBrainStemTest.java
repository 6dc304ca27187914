package dev.benchhal.usb.acroname;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbPortEvent;
import dev.benchhal.usb.UsbPortFlag;
import dev.benchhal.usb.acroname.sim.SimulatedBrainStem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real BrainStemHub driver over the simulated SDK: loads, over-current, power cycles, reset. */
class SimulatedBrainStemTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();
    private final SimulatedBrainStem brainstem = new SimulatedBrainStem(AcronameModel.USBHUB3P, 8, "5100A001");
    private final BrainStemHub hub = BrainStemHub.simulated(settings("5100A001"), clock, brainstem);

    private static AcronameSettings settings(String serial) {
        return new AcronameSettings(DeviceUri.parse("acroname:sim"), serial, AcronameModel.USBHUB3P, "none", Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), false, Optional.empty());
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void devicesDrawCurrentOnlyWhilePoweredThroughTheDriversOwnDecoding() {
        brainstem.attachDevice(2, 0.9);
        assertThat(hub.portState(2).flags()).contains(UsbPortFlag.DEVICE_ATTACHED, UsbPortFlag.VBUS_ON);
        assertThat(hub.measurePortCurrent(2)).isEqualTo(0.9);
        assertThat(hub.measurePortVoltage(2)).isEqualTo(5.0);
        hub.setPortPower(2, false);
        assertThat(hub.measurePortCurrent(2)).isZero();
        assertThat(hub.measurePortVoltage(2)).isZero();
        assertThat(hub.portState(2).flags()).doesNotContain(UsbPortFlag.DEVICE_ATTACHED);
        brainstem.detachDevice(2);
        hub.setPortPower(2, true);
        assertThat(hub.measurePortCurrent(2)).isZero();
        assertThat(hub.bridgeInfo()).containsEntry("brainstem", "simulated");
    }

    @Test
    void overCurrentTripsThePortAsTheHubsProtectionDoes() {
        hub.setPortCurrentLimit(4, 0.5);
        assertThat(hub.portCurrentLimit(4)).isEqualTo(0.5);
        brainstem.attachDevice(4, 0.8);
        assertThat(hub.portState(4).flags()).contains(UsbPortFlag.ERROR).doesNotContain(UsbPortFlag.VBUS_ON);
        hub.setPortCurrentLimit(4, 1.0);
        hub.setPortPower(4, true);
        assertThat(hub.portState(4).flags()).contains(UsbPortFlag.VBUS_ON).doesNotContain(UsbPortFlag.ERROR);
        assertThatThrownBy(() -> hub.setPortCurrentLimit(4, 4.0)).as("the SDK refuses more than 3 A")
                .hasMessageContaining("RANGE");
    }

    @Test
    void powerCycleTakesItsOffTimeOnTheBenchClockAndResetRestoresPorts() {
        List<UsbPortEvent> events = new ArrayList<>();
        try (UsbHub.Subscription s = hub.onPortPowerChange(events::add)) {
            Duration before = clock.elapsed();
            hub.powerCycle(1, Duration.ofSeconds(2));
            assertThat(clock.elapsed().minus(before)).isEqualTo(Duration.ofSeconds(2));
            assertThat(events).extracting(UsbPortEvent::port, UsbPortEvent::powered)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false), org.assertj.core.groups.Tuple.tuple(1, true));
            assertThat(events.get(1).at()).isAfter(events.get(0).at());
            hub.setPortEnabled(6, false);
            assertThat(hub.portState(6).enabled()).isFalse();
            hub.reset();
            assertThat(hub.portState(6).enabled()).isTrue();
        }
    }

    @Test
    void aSerialTheSdkDoesNotFindIsNotFoundAndSimulatedHubsAreNotClaimedProcessWide() {
        assertThatThrownBy(() -> BrainStemHub.simulated(settings("0BADF00D"), clock, brainstem))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("0BADF00D");
        // two simulated hubs with the default serial can be open at once (each is its own hub)
        try (UsbHub one = DriverRegistryHolder.open("acroname:sim"); UsbHub two = DriverRegistryHolder.open("acroname:sim")) {
            one.setPortPower(0, false);
            assertThat(two.portState(0).powered()).isTrue();
            assertThat(one.portState(0).powered()).isFalse();
        }
    }

    /** Opens through the provider, as a bench does. */
    private static final class DriverRegistryHolder {
        static UsbHub open(String uri) {
            return new AcronameProvider().open(DeviceSpec.of(uri), DriverContext.standalone());
        }
    }
}
