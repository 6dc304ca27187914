package dev.benchhal.psu;

/**
 * A supply model's limits per output.
 *
 * @param maxVolts voltage rating in volts
 * @param maxAmps  current rating in amperes
 * @param maxWatts power rating in watts (V * I is clamped to it client-side)
 * @param channels number of outputs, at least 1
 */
public record PsuRatings(double maxVolts, double maxAmps, double maxWatts, int channels) {

    /**
     * Validates the ratings.
     *
     * @param maxVolts voltage rating in volts
     * @param maxAmps  current rating in amperes
     * @param maxWatts power rating in watts (V * I is clamped to it client-side)
     * @param channels number of outputs, at least 1
     */
    public PsuRatings {
        if (!(maxVolts > 0) || !(maxAmps > 0) || !(maxWatts > 0) || channels < 1) {
            throw new IllegalArgumentException("ratings must be positive with at least one channel: "
                    + maxVolts + " V, " + maxAmps + " A, " + maxWatts + " W, " + channels + " channels");
        }
    }

    @Override
    public String toString() {
        return maxVolts + " V / " + maxAmps + " A / " + maxWatts + " W x" + channels;
    }
}
