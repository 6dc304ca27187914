package dev.benchhal.psu.owon;

import dev.benchhal.psu.PsuRatings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Owon models the driver knows, with their per-channel ratings. SPE models have one output; ODP
 * models select a channel with {@code INST CHn} before every channel command. KIPRIM rebadges of the
 * SPE series report their own model names.
 */
public enum OwonModel {
    /** SPE3102: 30 V, 10 A, 200 W */
    SPE3102("SPE3102", new double[][] {{30, 10, 200}}),
    /** SPE3103: 30 V, 10 A, 300 W */
    SPE3103("SPE3103", new double[][] {{30, 10, 300}}),
    /** SPE3051: 30 V, 5 A, 150 W */
    SPE3051("SPE3051", new double[][] {{30, 5, 150}}),
    /** SPE6102: 60 V, 10 A, 200 W */
    SPE6102("SPE6102", new double[][] {{60, 10, 200}}),
    /** SPE6103: 60 V, 10 A, 300 W */
    SPE6103("SPE6103", new double[][] {{60, 10, 300}}),
    /** SPE6053: 60 V, 5 A, 300 W */
    SPE6053("SPE6053", new double[][] {{60, 5, 300}}),
    /** SPE6205: 60 V, 20 A, 500 W */
    SPE6205("SPE6205", new double[][] {{60, 20, 500}}),
    /** KIPRIM DC310S, an SPE3103 */
    DC310S("DC310S", new double[][] {{30, 10, 300}}),
    /** KIPRIM DC605S, an SPE6053 */
    DC605S("DC605S", new double[][] {{60, 5, 300}}),
    /** ODP3032: two channels of 30 V, 3 A */
    ODP3032("ODP3032", new double[][] {{30, 3, 90}, {30, 3, 90}}),
    /** ODP3033: two channels of 30 V, 3 A and one of 6 V, 3 A */
    ODP3033("ODP3033", new double[][] {{30, 3, 90}, {30, 3, 90}, {6, 3, 18}});

    private final String name;
    @SuppressWarnings("ImmutableEnumChecker") // private, filled once by the constants, only read
    private final double[][] channels;

    OwonModel(String name, double[][] channels) {
        this.name = name;
        this.channels = channels;
    }

    /** @return the model name the supply reports in {@code *IDN?} */
    public String modelName() {
        return name;
    }

    /** @return the number of outputs */
    public int channels() {
        return channels.length;
    }

    /** @return {@code true} for multi-channel models that need {@code INST CHn} */
    public boolean multiChannel() {
        return name.startsWith("ODP");
    }

    /**
     * @param channel 1-based channel
     * @return its maximum voltage in volts
     */
    public double maxVolts(int channel) {
        return channels[channel - 1][0];
    }

    /**
     * @param channel 1-based channel
     * @return its maximum current in amperes
     */
    public double maxAmps(int channel) {
        return channels[channel - 1][1];
    }

    /**
     * @param channel 1-based channel
     * @return its maximum power in watts
     */
    public double maxWatts(int channel) {
        return channels[channel - 1][2];
    }

    /** @return the ratings of channel 1 and the channel count */
    public PsuRatings ratings() {
        return new PsuRatings(maxVolts(1), maxAmps(1), maxWatts(1), channels.length);
    }

    /**
     * @param name a model name as {@code *IDN?} reports it, any case
     * @return the model
     */
    public static Optional<OwonModel> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.name.equalsIgnoreCase(name.strip())).findFirst();
    }

    /** @return the model names, for messages */
    public static List<String> names() {
        return Arrays.stream(values()).map(m -> m.name.toUpperCase(Locale.ROOT)).toList();
    }
}
