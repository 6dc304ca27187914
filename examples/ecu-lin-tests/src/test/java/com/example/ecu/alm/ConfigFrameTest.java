package com.example.ecu.alm;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.Recorder;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ConfigFrame toggles in the seed's four phases: read the configuration, change one bit, check its
 * effect, restore the configuration in {@code finally} and check that the effect is gone.
 */
@BenchTest
@PoweredBench
class ConfigFrameTest {

    /** A colour that leaves room above it: the compensated drive is not clipped at full scale. */
    private static final int[] GREY = {128, 128, 128};

    @Test
    @TestSpec(title = "Temperature compensation can be switched off", requirements = {"REQ-ALM-COMP"},
            steps = {"read ConfigFrame", "EnableCompensation = 0", "PWM_Frame equals the uncompensated calculation",
                    "restore ConfigFrame", "PWM_Frame is compensated again"},
            expected = "PWM_Frame follows EnableCompensation; the configuration is as before afterwards")
    void compensationOffAndBack(@Role("lin") LinInterface lin, BenchClock clock, Recorder rec) {
        AlmTester alm = AlmTester.on(lin, clock);
        // the check needs a junction temperature at which compensation moves the PWM beyond the tolerance:
        // the simulated node is warmed to 60 degC; a real one is taken as it is
        lin.unwrap(LinMock.class).ifPresent(mock -> mock.slave("ALM_Node").set("Tj_Frame_NTC", 333.15));
        double celsius = AlmConstants.ntcKelvinToCelsius(
                alm.fio().readLong("Tj_Frame", "Tj_Frame_NTC", AlmConstants.STATE_RECEIVE_TIMEOUT).orElseThrow());
        long[] compensated = RgbToPwm.computePwm(GREY, 128, celsius, true);
        long[] plain = RgbToPwm.computePwm(GREY, 128, celsius, false);
        Assumptions.assumeTrue(!AlmConstants.pwmWithinTol(compensated[0], plain[0]), () -> String.format(Locale.ROOT,
                "at %.1f degC compensation moves the PWM less than the tolerance: nothing to tell apart", celsius));
        // phase 1: what the node is configured with now (ConfigFrame is the master's: the LDF's init values)
        Map<String, Object> original = new HashMap<>(alm.fio().unpack("ConfigFrame", alm.fio().pack("ConfigFrame", Map.of())));
        assertThat(original).containsEntry("ConfigFrame_EnableCompensation", 1L);
        alm.request(GREY, 128, 0);
        assertThat(alm.waitForState(AlmConstants.LED_STATE_ON, AlmConstants.STATE_TIMEOUT_DEFAULT).reached()).isTrue();
        try {
            // phase 2: change one bit
            Map<String, Object> changed = new HashMap<>(original);
            changed.put("ConfigFrame_EnableCompensation", 0);
            alm.fio().send("ConfigFrame", changed);
            // phase 3: its effect: PWM_Frame carries the uncompensated drive
            alm.assertPwmMatchesRgbWithCompensation(rec, GREY, 128, false);
        } finally {
            // phase 4: restore
            alm.fio().send("ConfigFrame", original);
        }
        alm.assertPwmMatchesRgb(rec, GREY, 128);
    }

    /** The simulated node back at room temperature, whatever the test did. */
    @org.junit.jupiter.api.AfterEach
    void coolDown(@Role("lin") LinInterface lin) {
        lin.unwrap(LinMock.class).ifPresent(mock -> mock.slave("ALM_Node").set("Tj_Frame_NTC", 298.0));
    }
}
