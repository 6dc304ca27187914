package dev.benchhal.lab;

import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one run ended.
 *
 * @param id        the run's id
 * @param spec      its spec's name
 * @param boards    its board ids, in role order
 * @param outcome   how it ended
 * @param start     when it started (its boards leased)
 * @param end       when it ended (its boards released)
 * @param message   the failure's one-line message, or {@code null} when it passed
 * @param directory its result directory
 */
public record RunResult(String id, String spec, List<String> boards, Outcome outcome, Instant start, Instant end,
                        @Nullable String message, Path directory) {

    /**
     * Copies the list.
     *
     * @param id        the run's id
     * @param spec      its spec's name
     * @param boards    its board ids, in role order
     * @param outcome   how it ended
     * @param start     when it started (its boards leased)
     * @param end       when it ended (its boards released)
     * @param message   the failure's one-line message, or {@code null} when it passed
     * @param directory its result directory
     */
    public RunResult {
        boards = List.copyOf(boards);
    }

    /** @return how long it ran */
    public Duration duration() {
        return Duration.between(start, end);
    }
}
