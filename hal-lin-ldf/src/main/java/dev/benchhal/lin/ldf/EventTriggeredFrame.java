package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * An event-triggered frame: one header that several slaves may answer with one of their
 * unconditional frames (whose first byte carries its protected id).
 *
 * @param name                 frame name
 * @param id                   frame id
 * @param collisionResolvingTable the schedule table the master runs after a collision, {@code null} when the file
 *                             gives none (LIN 2.0)
 * @param frames               the associated unconditional frames
 */
public record EventTriggeredFrame(String name, int id, String collisionResolvingTable, List<String> frames) {

    /**
     * Validates and freezes the parts.
     *
     * @param name                 frame name
     * @param id                   frame id
     * @param collisionResolvingTable the schedule table the master runs after a collision, {@code null} when the file
     *                             gives none (LIN 2.0)
     * @param frames               the associated unconditional frames
     */
    public EventTriggeredFrame {
        Objects.requireNonNull(name, "name");
        frames = List.copyOf(frames);
    }
}
