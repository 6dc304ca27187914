package com.example.ecu.alm;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.Recorder;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** LED colours and intensities, both PWM frames checked against the RGB-to-PWM calculation. */
@BenchTest
@PoweredBench
class LedColourTest {

    @ParameterizedTest(name = "rgb({0}, {1}, {2}) at intensity {3}")
    @CsvSource({"255, 0, 0, 255", "0, 255, 0, 255", "0, 0, 255, 255", "255, 255, 255, 255", "255, 128, 0, 128",
            "40, 40, 40, 64"})
    @TestSpec(title = "The LED shows the requested colour", requirements = {"REQ-ALM-COLOUR"},
            steps = {"request the colour with duration 0", "wait for ON", "read PWM_Frame and PWM_wo_Comp"},
            expected = "both PWM frames match the RGB-to-PWM calculation within 5 %")
    void theLedShowsTheColour(int red, int green, int blue, int intensity, @Role("lin") LinInterface lin, BenchClock clock,
                              Recorder rec) {
        AlmTester alm = AlmTester.on(lin, clock);
        int[] rgb = {red, green, blue};
        alm.request(rgb, intensity, 0);
        AlmTester.StateWait on = alm.waitForState(AlmConstants.LED_STATE_ON, AlmConstants.STATE_TIMEOUT_DEFAULT);
        assertThat(on.reached()).as("LED ON, states seen: %s", on.history()).isTrue();
        alm.assertPwmMatchesRgb(rec, rgb, intensity);
        alm.assertPwmWoCompMatchesRgb(rec, rgb, intensity);
    }

    @ParameterizedTest(name = "duration {0} x 200 ms")
    @CsvSource({"5", "10"})
    @TestSpec(title = "The LED animates for the requested duration", requirements = {"REQ-ALM-ANIM"})
    void theLedAnimatesForTheDuration(int steps, @Role("lin") LinInterface lin, BenchClock clock, Recorder rec) {
        AlmTester alm = AlmTester.on(lin, clock);
        alm.request(new int[] {0, 0, 255}, 255, steps);
        AlmTester.StateWait window = alm.measureAnimatingWindow(java.time.Duration.ofSeconds(5));
        assertThat(window.reached()).as("states seen: %s", window.history()).isTrue();
        double expected = steps * AlmConstants.DURATION_LSB.toMillis();
        rec.measure("animating window", window.elapsed().toMillis(), "ms").near(expected, 2 * AlmConstants.STATE_POLL_INTERVAL.toMillis());
        assertThat(alm.readLedState()).isEqualTo(AlmConstants.LED_STATE_ON);
    }
}
