package dev.benchhal.tck;

import dev.benchhal.usb.UsbDataLane;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbPortEvent;
import dev.benchhal.usb.UsbPortFlag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The {@link UsbHub} contract. It switches ports: run it on a simulator or a hub with nothing precious attached. */
public abstract class UsbHubContract extends DeviceContract<UsbHub> {

    /** For driver tests that extend this contract. */
    protected UsbHubContract() {
    }

    /** @return the port the tests switch; port 0 unless overridden */
    protected int testPort() {
        return 0;
    }

    @Override
    protected void touch(UsbHub hub) {
        hub.portState(testPort());
    }

    @Test
    void describesItself() {
        assertThat(device.info().serial()).isNotBlank();
        assertThat(device.portCount()).isPositive().isEqualTo(device.info().portCount());
    }

    @Test
    void refusesPortsOutOfRange() {
        assertThatThrownBy(() -> device.portState(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> device.setPortPower(device.portCount(), true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(device.portCount()));
    }

    @Test
    void portPowerIsReflectedInTheState() {
        int p = testPort();
        device.setPortPower(p, false);
        assertThat(device.portState(p).powered()).isFalse();
        device.setPortPower(p, true);
        assertThat(device.portState(p).powered()).isTrue();
        assertThat(device.portState(p).flags()).contains(UsbPortFlag.VBUS_ON);
    }

    @Test
    void enableAndDataLanes() {
        int p = testPort();
        device.setPortEnabled(p, true);
        assertThat(device.portState(p).enabled()).isTrue();
        device.setDataEnabled(p, UsbDataLane.USB2, false);
        assertThat(device.portState(p).flags()).doesNotContain(UsbPortFlag.USB2_DATA_ON);
        assertThat(device.portState(p).enabled()).isFalse();
        device.setDataEnabled(p, UsbDataLane.USB2, true);
        assertThat(device.portState(p).flags()).contains(UsbPortFlag.USB2_DATA_ON);
        device.setPortEnabled(p, false);
        assertThat(device.portState(p).powered()).isFalse();
    }

    @Test
    void powerCycleEndsPoweredAndTellsListeners() {
        int p = testPort();
        device.setPortPower(p, true);
        List<UsbPortEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (UsbHub.Subscription s = device.onPortPowerChange(events::add)) {
            device.powerCycle(p, Duration.ofMillis(100));
            assertThat(device.portState(p).powered()).isTrue();
            assertThat(events).extracting(UsbPortEvent::port).containsOnly(p);
            assertThat(events).extracting(UsbPortEvent::powered).containsExactly(false, true);
        }
        device.setPortPower(p, false);
        assertThat(events).hasSize(2);
    }

    @Test
    void currentLimitReadsBackAndReadbacksAreSane() {
        int p = testPort();
        device.setPortCurrentLimit(p, 0.5);
        assertThat(device.portCurrentLimit(p)).isCloseTo(0.5, within(0.01));
        device.setPortPower(p, true);
        assertThat(device.measurePortVoltage(p)).isBetween(0.0, 25.0);
        assertThat(device.measurePortCurrent(p)).isGreaterThanOrEqualTo(-0.01);
    }

    @Test
    void manyThreadsShareOneHub() throws Exception {
        // ports alternately on and off: each reader must see its own port's state, never another's
        int ports = device.portCount();
        for (int p = 0; p < ports; p++) {
            device.setPortPower(p, p % 2 == 0);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int p = i % ports;
                results.add(pool.submit(() -> device.portState(p).powered()));
            }
            for (int i = 0; i < results.size(); i++) {
                int p = i % ports;
                assertThat(results.get(i).get(2, java.util.concurrent.TimeUnit.MINUTES)).as("port %d read %d", p, i)
                        .isEqualTo(p % 2 == 0);
            }
            // concurrent switching of different ports lands on the right ports
            List<java.util.concurrent.Future<?>> switches = new ArrayList<>();
            for (int p = 0; p < ports; p++) {
                int port = p;
                switches.add(pool.submit(() -> device.setPortPower(port, port % 2 != 0)));
            }
            for (java.util.concurrent.Future<?> f : switches) {
                f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
            for (int p = 0; p < ports; p++) {
                assertThat(device.portState(p).powered()).as("port %d after concurrent switching", p).isEqualTo(p % 2 != 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
