package com.example.ecu.alm;

import java.time.Duration;

/** The seed's ALM constants (alm_helpers), named as there. */
public final class AlmConstants {

    /** ALMLEDState: off. */
    public static final String LED_STATE_OFF = "OFF";
    /** ALMLEDState: moving towards the requested colour. */
    public static final String LED_STATE_ANIMATING = "ANIMATING";
    /** ALMLEDState: on. */
    public static final String LED_STATE_ON = "ON";

    /** 50 ms between polls (5 LIN periods). */
    public static final Duration STATE_POLL_INTERVAL = Duration.ofMillis(50);
    /** Per-poll receive timeout. */
    public static final Duration STATE_RECEIVE_TIMEOUT = Duration.ofMillis(200);
    /** Default ceiling of waitForState. */
    public static final Duration STATE_TIMEOUT_DEFAULT = Duration.ofSeconds(1);
    /** Let the slave refresh its PWM_Frame transmit buffer. */
    public static final Duration PWM_SETTLE = Duration.ofMillis(100);
    /** AmbLightDuration scale: 1 LSB = 200 ms. */
    public static final Duration DURATION_LSB = Duration.ofMillis(200);
    /** Pause after the OFF command. */
    public static final Duration FORCE_OFF_SETTLE = Duration.ofMillis(400);

    /** Kelvin to degrees Celsius. */
    public static final double KELVIN_TO_CELSIUS_OFFSET = 273.15;
    /** PWM tolerance: 5 % of 16-bit full scale ... */
    public static final int PWM_ABS_TOL = 3277;
    /** ... or 5 % of the expected value, whichever is larger. */
    public static final double PWM_REL_TOL = 0.05;

    /** The ALM's supply thresholds: below and above them ALMVoltageStatus leaves NORMAL. */
    public static final double UNDERVOLTAGE_BELOW_V = 8.0;
    /** Over-voltage threshold. */
    public static final double OVERVOLTAGE_ABOVE_V = 16.0;

    private AlmConstants() {
    }

    /**
     * @param ntcRaw Tj_Frame_NTC, in kelvin
     * @return degrees Celsius
     */
    public static double ntcKelvinToCelsius(long ntcRaw) {
        return ntcRaw - KELVIN_TO_CELSIUS_OFFSET;
    }

    /**
     * @param actual   the PWM read
     * @param expected the PWM computed
     * @return whether they agree within the seed's tolerance
     */
    public static boolean pwmWithinTol(long actual, long expected) {
        return Math.abs(actual - expected) <= Math.max(PWM_ABS_TOL, PWM_REL_TOL * expected);
    }
}
