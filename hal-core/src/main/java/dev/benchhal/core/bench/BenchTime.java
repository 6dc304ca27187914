package dev.benchhal.core.bench;

import java.util.Locale;

/**
 * Which clock a bench runs on, from the bench file's {@code time:} key (or {@code BENCHHAL_TIME}).
 */
public enum BenchTime {
    /** Virtual time when every device of the bench is a simulator, else real time: the default. */
    AUTO,
    /** Virtual time: waits take no real time (a {@link dev.benchhal.core.time.VirtualClock}). */
    VIRTUAL,
    /** Real time, whatever the devices. */
    REAL;

    /**
     * @param text {@code auto}, {@code virtual} or {@code real}
     * @return the setting
     * @throws IllegalArgumentException naming the text and the choices
     */
    public static BenchTime parse(String text) {
        for (BenchTime t : values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("time \"" + text + "\": expected auto, virtual or real");
    }
}
