package dev.benchhal.lin.mock.alm;

import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.lin.mock.NodeBehaviour;
import dev.benchhal.lin.mock.SimulatedSlave;

import java.time.Duration;

/**
 * The ambient-light module (ALM) of the ECU-test seed, as a simulated slave for the ALM LDF
 * ({@code builtin:alm}: frames ALM_Req_A, ALM_Status, PWM_Frame, PWM_wo_Comp, Tj_Frame, ConfigFrame).
 * <p>The model, in full:
 * <ul>
 * <li><b>Addressing.</b> ALM_Req_A acts when {@code AmbLightLIDFrom <= NAD <= AmbLightLIDTo}.
 *     {@code AmbLightUpdate}: 0 apply now, 1 store only, 2 apply the stored request, 3 discard it.</li>
 * <li><b>LED state.</b> A request with intensity 0 or all colours 0 turns the LED off, any other turns
 *     it on. With {@code AmbLightDuration} 0 the new state holds at once; otherwise the LED is
 *     ANIMATING for {@code duration x 200 ms} (the PWM moves linearly from the old to the new value)
 *     and then OFF or ON.</li>
 * <li><b>PWM.</b> Per channel {@code base = 65535 x colour/255 x intensity/255}, capped by
 *     {@code ConfigFrame_MaxLM / 3840} (3840 lm is full output). PWM_wo_Comp carries the base.
 *     PWM_Frame carries it compensated for the junction temperature when
 *     {@code ConfigFrame_EnableCompensation} is 1: LEDs lose output as they warm, so the drive rises
 *     by 1.0 %/K (red), 0.4 %/K (green) and 0.2 %/K (blue) above 25 degC and falls below it, clamped to
 *     0..65535.</li>
 * <li><b>Temperature.</b> {@code Tj_Frame_NTC} is the junction temperature in kelvin (298 K at power-up;
 *     set it with {@code node.set("Tj_Frame_NTC", 350.0)}). With {@code ConfigFrame_EnableDerating} 1 both
 *     PWM frames scale down linearly from 100 % at 100 degC to 0 at 150 degC; {@code ALMThermalStatus} is
 *     NORMAL below 100 degC, DERATING up to 150 degC, SHUTDOWN above (LED off).</li>
 * <li><b>Supply.</b> The bench supply of the bus's {@code supply=ROLE} option, else
 *     {@link #supplyVoltage(double)} (13.5 V at power-up), sets {@code ALMVoltageStatus}:
 *     UNDERVOLTAGE below 8 V, OVERVOLTAGE above 16 V; outside 8..16 V the LED is dark.</li>
 * <li><b>Identity.</b> {@code ALMNadNo} is the node's current NAD.</li>
 * </ul>
 * Not thread-safe on its own: the simulator calls it under the bus lock.
 */
public final class AmbientLightNode implements NodeBehaviour {

    /** LED off */
    public static final int LED_OFF = 0;
    /** LED moving to its new colour */
    public static final int LED_ANIMATING = 1;
    /** LED on */
    public static final int LED_ON = 2;
    /** Full output of ConfigFrame_MaxLM. */
    public static final int FULL_LUMEN = 3840;
    /** One step of AmbLightDuration. */
    public static final Duration DURATION_STEP = Duration.ofMillis(200);

    private static final double[] COMPENSATION_PER_KELVIN = {0.010, 0.004, 0.002};
    private static final String[] PWM = {"PWM_Frame_Red", "PWM_Frame_Green", "PWM_Frame_Blue"};
    private static final String[] PWM_WO = {"PWM_wo_Comp_Red", "PWM_wo_Comp_Green", "PWM_wo_Comp_Blue"};

    private final int[] fromColour = new int[3];
    private final int[] toColour = new int[3];
    private int fromIntensity;
    private int toIntensity;
    private boolean targetOn;
    private long animationStartNanos;
    private long animationEndNanos;
    private boolean animating;
    private int[] stored;
    private double supplyVolts = 13.5;
    private SimulatedSlave node;

    /** A module at power-up: LED off, 25 degC, 13.5 V. */
    public AmbientLightNode() {
    }

    /**
     * Sets the module's supply voltage, as a power supply on the bench would.
     *
     * @param volts supply voltage
     */
    public void supplyVoltage(double volts) {
        this.supplyVolts = volts;
    }

    /** @return the supply voltage the model sees */
    public double supplyVoltage() {
        return supplyVolts;
    }

    @Override
    public void onPowerUp(SimulatedSlave node) {
        this.node = node;
        java.util.Arrays.fill(fromColour, 0);
        java.util.Arrays.fill(toColour, 0);
        fromIntensity = 0;
        toIntensity = 0;
        targetOn = false;
        animating = false;
        stored = null;
        refresh(node);
    }

    @Override
    public void onFrameReceived(SimulatedSlave node, LdfFrame frame) {
        this.node = node;
        if (!frame.name().equals("ALM_Req_A")) {
            refresh(node);
            return;
        }
        int nad = node.nad();
        long from = node.getRaw("AmbLightLIDFrom");
        long to = node.getRaw("AmbLightLIDTo");
        if (nad < from || nad > to) {
            return;
        }
        int[] request = {(int) node.getRaw("AmbLightColourRed"), (int) node.getRaw("AmbLightColourGreen"),
                (int) node.getRaw("AmbLightColourBlue"), (int) node.getRaw("AmbLightIntensity"),
                (int) node.getRaw("AmbLightDuration")};
        switch ((int) node.getRaw("AmbLightUpdate")) {
            case 1:
                stored = request;
                return;
            case 2:
                if (stored == null) {
                    return;
                }
                request = stored;
                stored = null;
                break;
            case 3:
                stored = null;
                return;
            default:
                break;
        }
        apply(node, request);
    }

    @Override
    public void beforeTransmit(SimulatedSlave node, LdfFrame frame) {
        this.node = node;
        refresh(node);
    }

    private void apply(SimulatedSlave node, int[] request) {
        long now = node.busTime().toNanos();
        double[] current = currentColour(now);
        for (int c = 0; c < 3; c++) {
            fromColour[c] = (int) Math.round(current[c]);
            toColour[c] = request[c];
        }
        fromIntensity = (int) Math.round(current[3]);
        toIntensity = request[3];
        targetOn = request[3] != 0 && (request[0] | request[1] | request[2]) != 0;
        long duration = DURATION_STEP.toNanos() * request[4];
        animationStartNanos = now;
        animationEndNanos = now + duration;
        animating = duration > 0;
        refresh(node);
    }

    /** Colour and intensity now: the target, or on the way to it. */
    private double[] currentColour(long now) {
        double f = 1;
        if (animating && now < animationEndNanos) {
            f = (double) (now - animationStartNanos) / (animationEndNanos - animationStartNanos);
        }
        double[] out = new double[4];
        for (int c = 0; c < 3; c++) {
            out[c] = fromColour[c] + (toColour[c] - fromColour[c]) * f;
        }
        out[3] = fromIntensity + (toIntensity - fromIntensity) * f;
        return out;
    }

    private void refresh(SimulatedSlave node) {
        long now = node.busTime().toNanos();
        if (animating && now >= animationEndNanos) {
            animating = false;
        }
        double celsius = node.getRaw("Tj_Frame_NTC") - 273.15;
        int thermal = celsius < 100 ? 0 : celsius <= 150 ? 1 : 2;
        // the bench supply where the bus has one (supply=ROLE), else what supplyVoltage(double) set
        double volts = node.supplyVoltage().orElse(supplyVolts);
        int voltage = volts < 8 ? 1 : volts > 16 ? 2 : 0;
        boolean dark = thermal == 2 || voltage != 0;
        int state = animating ? LED_ANIMATING : targetOn && !dark ? LED_ON : LED_OFF;
        node.setRaw("ALMLEDState", state);
        node.setRaw("ALMVoltageStatus", voltage);
        node.setRaw("ALMThermalStatus", thermal);
        node.setRaw("ALMNadNo", Math.max(0, node.nad()) & 0xFF);

        double[] colour = currentColour(now);
        double limit = Math.min(1.0, node.getRaw("ConfigFrame_MaxLM") / (double) FULL_LUMEN);
        boolean compensate = node.getRaw("ConfigFrame_EnableCompensation") == 1;
        double derate = 1.0;
        if (node.getRaw("ConfigFrame_EnableDerating") == 1 && celsius > 100) {
            derate = Math.max(0.0, (150 - celsius) / 50);
        }
        for (int c = 0; c < 3; c++) {
            double base = dark ? 0 : 65535.0 * colour[c] / 255 * colour[3] / 255 * limit * derate;
            double compensated = compensate ? base * (1 + COMPENSATION_PER_KELVIN[c] * (celsius - 25)) : base;
            node.setRaw(PWM_WO[c], clamp(base));
            node.setRaw(PWM[c], clamp(compensated));
        }
    }

    private static long clamp(double pwm) {
        return Math.max(0, Math.min(65535, Math.round(pwm)));
    }

    /**
     * The PWM the model drives for a colour, for test assertions (PWM_Frame with compensation on).
     *
     * @param red        0..255
     * @param green      0..255
     * @param blue       0..255
     * @param intensity  0..255
     * @param celsius    junction temperature
     * @param compensate whether temperature compensation is on
     * @return red, green and blue PWM, 0..65535, at full MaxLM, without derating
     */
    public static int[] expectedPwm(int red, int green, int blue, int intensity, double celsius, boolean compensate) {
        int[] rgb = {red, green, blue};
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
            double base = 65535.0 * rgb[c] / 255 * intensity / 255;
            out[c] = (int) clamp(compensate ? base * (1 + COMPENSATION_PER_KELVIN[c] * (celsius - 25)) : base);
        }
        return out;
    }

    @Override
    public String toString() {
        return "AmbientLightNode[" + (node == null ? "unbound" : node.name()) + "]";
    }
}
