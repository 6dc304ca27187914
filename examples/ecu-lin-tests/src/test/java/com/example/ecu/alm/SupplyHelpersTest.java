package com.example.ecu.alm;

import dev.benchhal.psu.PowerSupply;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The helper on a mock supply, where a mock says more than a simulator: exactly which setpoints the
 * helper sends, and that it restores nominal even when the probe throws.
 */
class SupplyHelpersTest {

    @Test
    void theRailIsRestoredToNominalEvenWhenTheProbeThrows() {
        PowerSupply psu = mock(PowerSupply.class);
        AtomicReference<Double> setpoint = new AtomicReference<>(13.5);
        when(psu.voltageSetpoint()).thenAnswer(i -> setpoint.get());
        when(psu.measureVoltage()).thenAnswer(i -> setpoint.get());   // an ideal rail
        when(psu.clock()).thenReturn(BenchClock.system());
        doAnswer(i -> {
            setpoint.set(i.getArgument(0));
            return null;
        }).when(psu).setVoltage(anyDouble());

        assertThatThrownBy(() -> SupplyHelpers.withRailAt(psu, 18.5, Duration.ZERO, () -> {
            throw new IllegalStateException("ALM_Status: no response");
        })).isInstanceOf(IllegalStateException.class).hasMessage("ALM_Status: no response");

        InOrder order = inOrder(psu);
        order.verify(psu).setVoltage(18.5);
        order.verify(psu).setVoltage(13.5);
    }
}
