package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * A sporadic frame: a slot the master fills with the first of its frames (in priority order)
 * whose signals changed.
 *
 * @param name   frame name
 * @param frames the associated unconditional frames, highest priority first
 */
public record SporadicFrame(String name, List<String> frames) {

    /**
     * Validates and freezes the parts.
     *
     * @param name   frame name
     * @param frames the associated unconditional frames, highest priority first
     */
    public SporadicFrame {
        Objects.requireNonNull(name, "name");
        frames = List.copyOf(frames);
    }
}
