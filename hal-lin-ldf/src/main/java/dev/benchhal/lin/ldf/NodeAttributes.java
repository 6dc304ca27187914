package dev.benchhal.lin.ldf;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A slave's node attributes, with the defaults of the LIN specification applied where the file
 * gives none: initial NAD = configured NAD, {@code P2_min} 50 ms, {@code ST_min} 0 ms,
 * {@code N_As_timeout} and {@code N_Cr_timeout} 1000 ms; for SAE J2602 nodes a response tolerance of
 * 40 % and wake-up and power-on times of 100 ms. For LIN 1.3 files, whose slaves have no
 * attributes, the NAD comes from {@code Diagnostic_addresses}, {@code declared} is {@code false}
 * and the protocol is the file's.
 *
 * @param name               node name
 * @param declared           {@code true} when the file has a {@code Node_attributes} entry for the node
 * @param linProtocol        {@code LIN_protocol} as written ({@code "2.1"}, {@code "J2602_1_1.0"})
 * @param configuredNad      configured NAD
 * @param initialNad         initial NAD
 * @param productId          product id, {@code null} when absent
 * @param responseError      the response-error signal, {@code null} when absent
 * @param faultStateSignals  fault-state signals
 * @param p2Min              P2_min
 * @param stMin              ST_min
 * @param nAsTimeout         N_As_timeout
 * @param nCrTimeout         N_Cr_timeout
 * @param responseTolerance  J2602 response tolerance as a fraction, {@code null} when not J2602 and absent
 * @param wakeupTime         J2602 wake-up time, {@code null} when not J2602 and absent
 * @param powerOnTime        J2602 power-on time, {@code null} when not J2602 and absent
 * @param configurableFrames configurable frames in file order
 */
public record NodeAttributes(String name, boolean declared, String linProtocol, int configuredNad, int initialNad,
                             ProductId productId, String responseError, List<String> faultStateSignals,
                             Duration p2Min, Duration stMin, Duration nAsTimeout, Duration nCrTimeout,
                             Double responseTolerance, Duration wakeupTime, Duration powerOnTime,
                             List<ConfigurableFrame> configurableFrames) {

    /**
     * Validates and freezes the parts.
     *
     * @param name               node name
     * @param declared           {@code true} when the file has a {@code Node_attributes} entry for the node
     * @param linProtocol        {@code LIN_protocol} as written ({@code "2.1"}, {@code "J2602_1_1.0"})
     * @param configuredNad      configured NAD
     * @param initialNad         initial NAD
     * @param productId          product id, {@code null} when absent
     * @param responseError      the response-error signal, {@code null} when absent
     * @param faultStateSignals  fault-state signals
     * @param p2Min              P2_min
     * @param stMin              ST_min
     * @param nAsTimeout         N_As_timeout
     * @param nCrTimeout         N_Cr_timeout
     * @param responseTolerance  J2602 response tolerance as a fraction, {@code null} when not J2602 and absent
     * @param wakeupTime         J2602 wake-up time, {@code null} when not J2602 and absent
     * @param powerOnTime        J2602 power-on time, {@code null} when not J2602 and absent
     * @param configurableFrames configurable frames in file order
     */
    public NodeAttributes {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(linProtocol, "linProtocol");
        faultStateSignals = List.copyOf(faultStateSignals);
        configurableFrames = List.copyOf(configurableFrames);
        Objects.requireNonNull(p2Min, "p2Min");
        Objects.requireNonNull(stMin, "stMin");
        Objects.requireNonNull(nAsTimeout, "nAsTimeout");
        Objects.requireNonNull(nCrTimeout, "nCrTimeout");
    }

    /** @return {@code true} when the configurable frames are listed LIN 2.0 style, with message ids */
    public boolean hasMessageIds() {
        return !configurableFrames.isEmpty() && configurableFrames.get(0).messageId() != null;
    }
}
