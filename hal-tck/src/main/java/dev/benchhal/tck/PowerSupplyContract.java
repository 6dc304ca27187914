package dev.benchhal.tck;

import dev.benchhal.psu.PowerOutput;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.PsuRatings;
import dev.benchhal.safety.SafeState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@link PowerSupply} contract. Run it on a simulator or on a supply with no load attached:
 * it switches outputs on at small voltages.
 */
public abstract class PowerSupplyContract extends DeviceContract<PowerSupply> {

    /** For driver tests that extend this contract. */
    protected PowerSupplyContract() {
    }

    /** @return how close a read-back setpoint must be to the value set, in volts or amperes */
    protected double setpointTolerance() {
        return 0.01;
    }

    /**
     * Whether the output of a supply is on after {@code close()}. The default opens the device
     * again and asks, which suits real supplies and simulators that keep state per device;
     * override it for simulators that start afresh on every open.
     *
     * @param closed the closed supply
     * @return {@code true} when the output is still on
     */
    protected boolean outputOnAfterClose(PowerSupply closed) {
        try (PowerSupply again = open()) {
            return again.isOutputOn();
        }
    }

    @Override
    protected void touch(PowerSupply psu) {
        psu.voltageSetpoint();
    }

    private double safeVolts() {
        return Math.min(5.0, device.ratings().maxVolts() / 4);
    }

    @Test
    void identifiesItself() {
        assertThat(device.identity().vendor()).isNotBlank();
        assertThat(device.identity().model()).isNotBlank();
        PsuRatings r = device.ratings();
        assertThat(r.channels()).isEqualTo(device.channels().size());
    }

    @Test
    void setpointsReadBack() {
        device.setVoltage(safeVolts());
        assertThat(device.voltageSetpoint()).isCloseTo(safeVolts(), within(setpointTolerance()));
        double amps = device.ratings().maxAmps() / 10;
        device.setCurrent(amps);
        assertThat(device.currentSetpoint()).isCloseTo(amps, within(setpointTolerance()));
    }

    @Test
    void protectionLimitsReadBack() {
        double ovp = Math.min(device.ratings().maxVolts(), safeVolts() * 2);
        device.setOverVoltageLimit(ovp);
        assertThat(device.overVoltageLimit()).isCloseTo(ovp, within(setpointTolerance()));
        double ocp = device.ratings().maxAmps() / 2;
        device.setOverCurrentLimit(ocp);
        assertThat(device.overCurrentLimit()).isCloseTo(ocp, within(setpointTolerance()));
    }

    @Test
    void outputSwitchesAndMeasurementsStayWithinRatings() {
        device.setVoltage(safeVolts());
        device.setCurrent(device.ratings().maxAmps() / 10);
        device.setOutput(true);
        assertThat(device.isOutputOn()).isTrue();
        double v = device.measureVoltage();
        assertThat(v).isBetween(0.0, device.ratings().maxVolts() * 1.05);
        assertThat(device.measureCurrent()).isBetween(0.0, device.ratings().maxAmps() * 1.05);
        assertThat(device.measure().volts()).isBetween(0.0, device.ratings().maxVolts() * 1.05);
        device.setOutput(false);
        assertThat(device.isOutputOn()).isFalse();
    }

    @Test
    void refusesValuesOutsideTheRatingsBeforeSendingThem() {
        double max = device.ratings().maxVolts();
        assertThatThrownBy(() -> device.setVoltage(max * 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> device.setVoltage(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> device.setVoltage(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> device.setCurrent(device.ratings().maxAmps() * 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelsAreNumberedFromOne() {
        List<PowerOutput> channels = device.channels();
        for (int i = 0; i < channels.size(); i++) {
            assertThat(channels.get(i).channel()).isEqualTo(i + 1);
            assertThat(device.channel(i + 1).channel()).isEqualTo(i + 1);
        }
        assertThatThrownBy(() -> device.channel(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> device.channel(channels.size() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allOutputsOffSwitchesEveryChannelOff() {
        for (PowerOutput ch : device.channels()) {
            ch.setVoltage(safeVolts());
            ch.setOutput(true);
        }
        device.allOutputsOff();
        for (PowerOutput ch : device.channels()) {
            assertThat(ch.isOutputOn()).as("channel " + ch.channel()).isFalse();
        }
    }

    @Test
    void safeStateSwitchesTheOutputOff() {
        device.setVoltage(safeVolts());
        device.setOutput(true);
        if (device instanceof SafeState safe) {
            safe.enterSafeState();
            assertThat(device.isOutputOn()).isFalse();
        } else {
            assertThat(device.safeOffOnClose()).as("a supply without SafeState cannot promise safe-off").isFalse();
        }
    }

    @Test
    void closeSwitchesTheOutputOffWhenSafeOffOnClose() {
        device.setVoltage(safeVolts());
        device.setOutput(true);
        boolean safeOff = device.safeOffOnClose();
        device.close();
        if (safeOff) {
            assertThat(outputOnAfterClose(device)).isFalse();
        }
    }

    @Test
    void manyThreadsShareOneSupply() throws Exception {
        // four read-backs with four different values: a reply delivered to another caller shows as a wrong value
        double volts = safeVolts();
        double amps = device.ratings().maxAmps() / 10;
        double ovp = Math.min(device.ratings().maxVolts(), volts * 2);
        double ocp = device.ratings().maxAmps() / 2;
        device.setVoltage(volts);
        device.setCurrent(amps);
        device.setOverVoltageLimit(ovp);
        device.setOverCurrentLimit(ocp);
        List<String> names = List.of("voltageSetpoint", "currentSetpoint", "overVoltageLimit", "overCurrentLimit");
        List<java.util.concurrent.Callable<Double>> queries = List.of(device::voltageSetpoint, device::currentSetpoint,
                device::overVoltageLimit, device::overCurrentLimit);
        double[] expected = {volts, amps, ovp, ocp};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Double>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(queries.get(i % 4)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(2, TimeUnit.MINUTES)).as("call %d, %s", i, names.get(i % 4))
                        .isCloseTo(expected[i % 4], within(setpointTolerance()));
            }
            assertThat(device.voltageSetpoint()).isCloseTo(volts, within(setpointTolerance()));
        } finally {
            pool.shutdownNow();
        }
    }
}
