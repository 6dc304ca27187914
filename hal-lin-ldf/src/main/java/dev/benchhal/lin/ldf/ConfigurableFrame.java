package dev.benchhal.lin.ldf;

import java.util.Objects;

/**
 * One entry of a node's {@code configurable_frames}: LIN 2.0 style with a message id
 * ({@code CEM_Frm1 = 0x0001;}), or LIN 2.1 style where the position in the list is the index.
 *
 * @param frame     frame name
 * @param messageId LIN 2.0 message id, {@code null} in LIN 2.1 style lists
 */
public record ConfigurableFrame(String frame, Integer messageId) {

    /**
     * Validates the parts.
     *
     * @param frame     frame name
     * @param messageId LIN 2.0 message id, {@code null} in LIN 2.1 style lists
     */
    public ConfigurableFrame {
        Objects.requireNonNull(frame, "frame");
    }
}
