package dev.benchhal.pcie;

/**
 * One end's view of a PCI Express link: what it trained to, what this end supports, and, where the
 * other end of the link is known, what that end supports. A link trains to the best both ends
 * support, so only a link below that is {@link #degraded()}; a link below this end's own maximum
 * alone ({@link #belowOwnMaximum()}) is normal for a wide port with a narrower card.
 *
 * @param currentGts      negotiated speed in GT/s (2.5, 5, 8, 16, 32, 64), 0 when down
 * @param currentWidth    negotiated lanes (x1..x32), 0 when down
 * @param maxGts          this end's capability speed in GT/s
 * @param maxWidth        this end's capability lanes
 * @param partnerMaxGts   the other end's capability speed in GT/s, 0 when the other end is unknown
 * @param partnerMaxWidth the other end's capability lanes, 0 when the other end is unknown
 */
public record PcieLink(double currentGts, int currentWidth, double maxGts, int maxWidth, double partnerMaxGts,
                       int partnerMaxWidth) {

    /**
     * A link whose other end is not known.
     *
     * @param currentGts   negotiated speed in GT/s, 0 when down
     * @param currentWidth negotiated lanes, 0 when down
     * @param maxGts       this end's capability speed in GT/s
     * @param maxWidth     this end's capability lanes
     */
    public PcieLink(double currentGts, int currentWidth, double maxGts, int maxWidth) {
        this(currentGts, currentWidth, maxGts, maxWidth, 0, 0);
    }

    /**
     * @param other the other end's view of the same link
     * @return this view with the other end's capabilities
     */
    public PcieLink withPartner(PcieLink other) {
        return new PcieLink(currentGts, currentWidth, maxGts, maxWidth, other.maxGts, other.maxWidth);
    }

    /** @return {@code true} when link training succeeded (a width above 0) */
    public boolean isUp() {
        return currentWidth > 0;
    }

    /** @return {@code true} when the other end's capabilities are known */
    public boolean partnerKnown() {
        return partnerMaxWidth > 0 && partnerMaxGts > 0;
    }

    /** @return the best speed both ends support in GT/s; this end's maximum when the other end is unknown */
    public double commonMaxGts() {
        return partnerKnown() ? Math.min(maxGts, partnerMaxGts) : maxGts;
    }

    /** @return the most lanes both ends support; this end's maximum when the other end is unknown */
    public int commonMaxWidth() {
        return partnerKnown() ? Math.min(maxWidth, partnerMaxWidth) : maxWidth;
    }

    /**
     * @return {@code true} when the link is up and trained below what both ends support, in speed or
     *         width: a fault (a bad lane, a marginal signal). {@code false} when the other end is unknown:
     *         then only {@link #belowOwnMaximum()} can be said
     */
    public boolean degraded() {
        return isUp() && partnerKnown() && (currentGts < commonMaxGts() || currentWidth < commonMaxWidth());
    }

    /** @return {@code true} when the link is up below this end's own maximum (normal with a narrower partner) */
    public boolean belowOwnMaximum() {
        return isUp() && (currentGts < maxGts || currentWidth < maxWidth);
    }

    @Override
    public String toString() {
        return "x" + currentWidth + " " + currentGts + " GT/s (max x" + maxWidth + " " + maxGts + " GT/s"
                + (partnerKnown() ? ", partner x" + partnerMaxWidth + " " + partnerMaxGts + " GT/s" : "") + ")"
                + (degraded() ? " degraded" : "");
    }
}
