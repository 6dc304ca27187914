package dev.benchhal.lin.ldf.diag;

import dev.benchhal.lin.ldf.NodeAttributes;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of a diagnostic exchange with one node, in bench time. The first four come from the
 * node's attributes in the LDF ({@code P2_min}, {@code ST_min}, {@code N_As_timeout},
 * {@code N_Cr_timeout}; LIN defaults 50 ms, 0, 1000 ms, 1000 ms); the others are the master's.
 *
 * @param p2Min           the least time between the end of a request and the first slave response header
 * @param stMin           the least time between two frames of a segmented request
 * @param nAs             the most one master request frame may take to go out on the bus
 * @param nCr             the most the slave may take between two frames of a segmented response
 * @param responseTimeout the most the slave may take to start its response after {@link #p2Min}
 * @param pendingTimeout  the most the slave may take to answer after it first said "response
 *                        pending" (0x78; P2*, how long erasing flash may take)
 * @param pollInterval    the time between two slave response headers while the slave has nothing to say
 */
public record TransportTiming(Duration p2Min, Duration stMin, Duration nAs, Duration nCr, Duration responseTimeout,
                              Duration pendingTimeout, Duration pollInterval) {

    /** LIN's defaults: P2_min 50 ms, ST_min 0, N_As and N_Cr 1000 ms; response 1 s, pending 5 s, poll every 10 ms. */
    public static final TransportTiming DEFAULT = new TransportTiming(Duration.ofMillis(50), Duration.ZERO,
            Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofMillis(10));

    /**
     * * @throws IllegalArgumentException for a negative duration, or a zero timeout or poll interval
     *
     * @param p2Min           the least time between the end of a request and the first slave response header
     * @param stMin           the least time between two frames of a segmented request
     * @param nAs             the most one master request frame may take to go out on the bus
     * @param nCr             the most the slave may take between two frames of a segmented response
     * @param responseTimeout the most the slave may take to start its response after {@link #p2Min}
     * @param pendingTimeout  the most the slave may take to answer after it first said "response
     *                        pending" (0x78; P2*, how long erasing flash may take)
     * @param pollInterval    the time between two slave response headers while the slave has nothing to say
     */
    public TransportTiming {
        nonNegative(p2Min, "p2Min");
        nonNegative(stMin, "stMin");
        positive(nAs, "nAs");
        positive(nCr, "nCr");
        positive(responseTimeout, "responseTimeout");
        positive(pendingTimeout, "pendingTimeout");
        positive(pollInterval, "pollInterval");
    }

    /**
     * @param node the node's attributes from the LDF
     * @return the node's P2_min, ST_min, N_As and N_Cr with the master's defaults for the rest
     */
    public static TransportTiming of(NodeAttributes node) {
        return new TransportTiming(node.p2Min(), node.stMin(), node.nAsTimeout(), node.nCrTimeout(),
                DEFAULT.responseTimeout, DEFAULT.pendingTimeout, DEFAULT.pollInterval);
    }

    /**
     * @param timeout how long the slave may take to start its response
     * @return this timing with that response timeout
     */
    public TransportTiming withResponseTimeout(Duration timeout) {
        return new TransportTiming(p2Min, stMin, nAs, nCr, timeout, pendingTimeout, pollInterval);
    }

    /**
     * @param timeout how long the slave may take after it first says "response pending"
     * @return this timing with that pending timeout
     */
    public TransportTiming withPendingTimeout(Duration timeout) {
        return new TransportTiming(p2Min, stMin, nAs, nCr, responseTimeout, timeout, pollInterval);
    }

    private static void nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    private static void positive(Duration d, String name) {
        nonNegative(d, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be more than zero");
        }
    }
}
