package com.example.ecu.alm;

/**
 * The supplier's RGB-to-PWM calculation (the seed's {@code vendor/rgb_to_pwm.py}): the PWM an ALM
 * drives for a colour and an intensity, with its LEDs' temperature compensation.
 */
public final class RgbToPwm {

    /** LEDs lose output as they warm: the drive rises per kelvin above 25 degC, per channel. */
    private static final double[] COMPENSATION_PER_KELVIN = {0.010, 0.004, 0.002};

    private RgbToPwm() {
    }

    /**
     * @param rgb        red, green and blue, 0..255
     * @param intensity  0..255
     * @param celsius    the junction temperature
     * @param compensate with temperature compensation (PWM_Frame) or without (PWM_wo_Comp)
     * @return red, green and blue PWM, 0..65535
     */
    public static long[] computePwm(int[] rgb, int intensity, double celsius, boolean compensate) {
        long[] out = new long[3];
        for (int c = 0; c < 3; c++) {
            double base = 65535.0 * rgb[c] / 255 * intensity / 255;
            double pwm = compensate ? base * (1 + COMPENSATION_PER_KELVIN[c] * (celsius - 25)) : base;
            out[c] = Math.max(0, Math.min(65535, Math.round(pwm)));
        }
        return out;
    }
}
