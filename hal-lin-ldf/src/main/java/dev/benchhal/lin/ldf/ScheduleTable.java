package dev.benchhal.lin.ldf;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A schedule table: slots the master runs in order, then again from the start.
 *
 * @param name    table name
 * @param entries slots in order
 */
public record ScheduleTable(String name, List<ScheduleEntry> entries) {

    /**
     * Validates and freezes the parts.
     *
     * @param name    table name
     * @param entries slots in order
     */
    public ScheduleTable {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
    }

    /** @return the time one pass through the table takes, the sum of the slot delays */
    public Duration cycle() {
        Duration total = Duration.ZERO;
        for (ScheduleEntry entry : entries) {
            total = total.plus(entry.delay());
        }
        return total;
    }
}
