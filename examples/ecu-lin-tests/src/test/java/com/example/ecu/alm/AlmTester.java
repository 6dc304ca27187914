package com.example.ecu.alm;

import dev.benchhal.junit.Recorder;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.time.BenchClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.example.ecu.alm.AlmConstants.FORCE_OFF_SETTLE;
import static com.example.ecu.alm.AlmConstants.PWM_SETTLE;
import static com.example.ecu.alm.AlmConstants.STATE_POLL_INTERVAL;
import static com.example.ecu.alm.AlmConstants.STATE_RECEIVE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's AlmTester: the ALM test patterns over a {@link FrameIO} and the node's NAD, waiting on
 * the bench's clock (virtual time on the simulated bench).
 */
public final class AlmTester {

    /**
     * What waiting for a state saw.
     *
     * @param reached whether the state came
     * @param elapsed bench time until it came, or the whole wait
     * @param history every state read, in order
     */
    public record StateWait(boolean reached, Duration elapsed, List<String> history) {
    }

    private final FrameIO fio;
    private final int nad;
    private final BenchClock clock;

    /**
     * @param fio   frames by name on the ALM's bus
     * @param nad   the node's NAD
     * @param clock the bench's clock
     */
    public AlmTester(FrameIO fio, int nad, BenchClock clock) {
        this.fio = fio;
        this.nad = nad;
        this.clock = clock;
    }

    /** The suite's LDF, as the bench's ECU has it (the same file drives the simulator). */
    public static final java.nio.file.Path LDF = java.nio.file.Path.of("ldf/alm.ldf");

    /**
     * The tester of the ALM on a bus: the LDF of the suite, the NAD the node reports.
     *
     * @param lin   the bench's LIN interface
     * @param clock the bench's clock
     * @return the tester
     */
    public static AlmTester on(dev.benchhal.lin.LinInterface lin, BenchClock clock) {
        FrameIO fio = new FrameIO(lin, dev.benchhal.lin.ldf.LdfDatabase.load(LDF));
        long nad = fio.readLong("ALM_Status", "ALMNadNo", STATE_RECEIVE_TIMEOUT).orElseThrow(
                () -> new AssertionError("the ALM does not answer ALM_Status"));
        return new AlmTester(fio, (int) nad, clock);
    }

    /** @return the frames of the bus */
    public FrameIO fio() {
        return fio;
    }

    /** @return the node's NAD */
    public int nad() {
        return nad;
    }

    /** Drives the LED off (mode 0, intensity 0) and lets it settle. */
    public void forceOff() {
        request(new int[] {0, 0, 0}, 0, 0);
        clock.sleep(FORCE_OFF_SETTLE);
    }

    /**
     * Sends ALM_Req_A to this node.
     *
     * @param rgb       red, green, blue 0..255
     * @param intensity 0..255
     * @param duration  raw AmbLightDuration, steps of 200 ms (0: at once)
     */
    public void request(int[] rgb, int intensity, int duration) {
        fio.send("ALM_Req_A", Map.of("AmbLightColourRed", rgb[0], "AmbLightColourGreen", rgb[1], "AmbLightColourBlue", rgb[2],
                "AmbLightIntensity", intensity, "AmbLightUpdate", 0, "AmbLightMode", 0, "AmbLightDuration", duration,
                "AmbLightLIDFrom", nad, "AmbLightLIDTo", nad));
    }

    /** @return ALMLEDState now ({@code OFF}, {@code ANIMATING}, {@code ON}) */
    public String readLedState() {
        return fio.readText("ALM_Status", "ALMLEDState", STATE_RECEIVE_TIMEOUT).orElseThrow(
                () -> new AssertionError("ALM_Status: no response within " + STATE_RECEIVE_TIMEOUT.toMillis() + " ms"));
    }

    /**
     * Polls ALMLEDState until it is the target or the timeout passes.
     *
     * @param target  the state to wait for
     * @param timeout how long (bench time)
     * @return whether it came, when, and every state seen
     */
    public StateWait waitForState(String target, Duration timeout) {
        long start = clock.nanoTime();
        List<String> history = new ArrayList<>();
        while (true) {
            String state = readLedState();
            history.add(state);
            Duration elapsed = clock.since(start);
            if (state.equals(target)) {
                return new StateWait(true, elapsed, history);
            }
            if (elapsed.compareTo(timeout) >= 0) {
                return new StateWait(false, elapsed, history);
            }
            clock.sleep(STATE_POLL_INTERVAL);
        }
    }

    /**
     * Measures how long the LED animates after a request: from the first ANIMATING seen to the first
     * state after it.
     *
     * @param maxWait how long to watch
     * @return the window (null when the LED never animated) and the states seen
     */
    public StateWait measureAnimatingWindow(Duration maxWait) {
        StateWait animating = waitForState(AlmConstants.LED_STATE_ANIMATING, maxWait);
        if (!animating.reached()) {
            return animating;
        }
        long start = clock.nanoTime();
        List<String> history = new ArrayList<>(animating.history());
        String state = AlmConstants.LED_STATE_ANIMATING;
        while (state.equals(AlmConstants.LED_STATE_ANIMATING) && clock.since(start).compareTo(maxWait) < 0) {
            clock.sleep(STATE_POLL_INTERVAL);
            state = readLedState();
            history.add(state);
        }
        return new StateWait(!state.equals(AlmConstants.LED_STATE_ANIMATING), clock.since(start), history);
    }

    /**
     * Checks PWM_Frame (with temperature compensation) against the RGB-to-PWM calculation at the
     * junction temperature the node reports, recording expected and actual.
     *
     * @param rec       the test's recorder
     * @param rgb       the colour requested
     * @param intensity the intensity requested
     */
    public void assertPwmMatchesRgb(Recorder rec, int[] rgb, int intensity) {
        assertPwmMatchesRgbWithCompensation(rec, rgb, intensity, true);
    }

    /**
     * Checks PWM_Frame against the calculation with compensation on or off, as ConfigFrame says.
     *
     * @param rec        the test's recorder
     * @param rgb        the colour requested
     * @param intensity  the intensity requested
     * @param compensate whether the node compensates (ConfigFrame_EnableCompensation)
     */
    public void assertPwmMatchesRgbWithCompensation(Recorder rec, int[] rgb, int intensity, boolean compensate) {
        assertPwm(rec, "PWM_Frame", new String[] {"PWM_Frame_Red", "PWM_Frame_Green", "PWM_Frame_Blue"}, rgb, intensity, compensate);
    }

    /**
     * Checks PWM_wo_Comp (without compensation) against the calculation.
     *
     * @param rec       the test's recorder
     * @param rgb       the colour requested
     * @param intensity the intensity requested
     */
    public void assertPwmWoCompMatchesRgb(Recorder rec, int[] rgb, int intensity) {
        assertPwm(rec, "PWM_wo_Comp", new String[] {"PWM_wo_Comp_Red", "PWM_wo_Comp_Green", "PWM_wo_Comp_Blue"}, rgb, intensity,
                false);
    }

    private void assertPwm(Recorder rec, String frame, String[] signals, int[] rgb, int intensity, boolean compensated) {
        clock.sleep(PWM_SETTLE);
        long ntc = fio.readLong("Tj_Frame", "Tj_Frame_NTC", STATE_RECEIVE_TIMEOUT).orElseThrow();
        double celsius = AlmConstants.ntcKelvinToCelsius(ntc);
        long[] expected = RgbToPwm.computePwm(rgb, intensity, celsius, compensated);
        Map<String, Object> actual = fio.receive(frame, STATE_RECEIVE_TIMEOUT).orElseThrow(
                () -> new AssertionError(frame + ": no response"));
        rec.property(frame + " Tj", String.format(java.util.Locale.ROOT, "%.2f degC", celsius));
        for (int c = 0; c < 3; c++) {
            long value = ((Number) actual.get(signals[c])).longValue();
            rec.property(signals[c], "expected " + expected[c] + ", actual " + value);
            assertThat(AlmConstants.pwmWithinTol(value, expected[c]))
                    .as("%s: %d, expected %d within tolerance", signals[c], value, expected[c]).isTrue();
        }
    }
}
