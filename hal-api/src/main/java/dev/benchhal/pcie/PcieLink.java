package dev.benchhal.pcie;

/**
 * Link speed and width, negotiated and maximum.
 *
 * @param currentGts   negotiated speed in GT/s (2.5, 5, 8, 16, 32, 64), 0 when down
 * @param currentWidth negotiated lanes (x1..x32), 0 when down
 * @param maxGts       capability speed in GT/s
 * @param maxWidth     capability lanes
 */
public record PcieLink(double currentGts, int currentWidth, double maxGts, int maxWidth) {

    /** @return {@code true} when the link trained below its capability in speed or width */
    public boolean degraded() {
        return currentGts < maxGts || currentWidth < maxWidth;
    }

    @Override
    public String toString() {
        return "x" + currentWidth + " " + currentGts + " GT/s (max x" + maxWidth + " " + maxGts + " GT/s)";
    }
}
