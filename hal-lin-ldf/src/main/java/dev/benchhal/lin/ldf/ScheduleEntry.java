package dev.benchhal.lin.ldf;

import java.time.Duration;
import java.util.Objects;

/**
 * One slot of a schedule table: {@code CEM_Frm1 delay 15 ms;}.
 *
 * @param command what the slot does
 * @param delay   the slot length
 */
public record ScheduleEntry(ScheduleCommand command, Duration delay) {

    /**
     * Validates the parts.
     *
     * @param command what the slot does
     * @param delay   the slot length
     */
    public ScheduleEntry {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(delay, "delay");
    }
}
