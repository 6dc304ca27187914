package dev.benchhal.lin.ldf;

import java.time.Duration;
import java.util.Objects;

/**
 * The master node: {@code Master: CEM, 5 ms, 0.1 ms;} and, for SAE J2602, {@code , 48 bits, 40 %}.
 *
 * @param name                   node name
 * @param timeBase               schedule time base
 * @param jitter                 jitter
 * @param maxHeaderLengthBits    J2602 maximum header length in bits ({@code 48} when a J2602 file gives none),
 *                               {@code null} for other protocols
 * @param responseTolerance      J2602 response tolerance as a fraction ({@code 40 %} is 0.4; 0.4 when a J2602
 *                               file gives none), {@code null} for other protocols
 */
public record LdfMaster(String name, Duration timeBase, Duration jitter, Integer maxHeaderLengthBits,
                        Double responseTolerance) {

    /**
     * Validates the parts.
     *
     * @param name                   node name
     * @param timeBase               schedule time base
     * @param jitter                 jitter
     * @param maxHeaderLengthBits    J2602 maximum header length in bits ({@code 48} when a J2602 file gives none),
     *                               {@code null} for other protocols
     * @param responseTolerance      J2602 response tolerance as a fraction ({@code 40 %} is 0.4; 0.4 when a J2602
     *                               file gives none), {@code null} for other protocols
     */
    public LdfMaster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeBase, "timeBase");
        Objects.requireNonNull(jitter, "jitter");
    }
}
