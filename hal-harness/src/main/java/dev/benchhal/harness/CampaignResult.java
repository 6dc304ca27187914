package dev.benchhal.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a campaign ended.
 *
 * @param name     the campaign's name
 * @param cycles   the cycles that ran in this run (resumed ones not counted)
 * @param skipped  the cycles a resumed run found done already in the records
 * @param failures every failure, labelled with its path, iteration and phase, in the order they happened
 * @param elapsed  the campaign's time on its clock
 * @param stopped  whether it was stopped (Ctrl-C, or fail-fast after a failure) before its last iteration
 * @param records  the records file
 */
public record CampaignResult(String name, int cycles, int skipped, List<Failure> failures, Duration elapsed, boolean stopped,
                             Path records) {

    /**
     * Copies the list.
     *
     * @param name     the campaign's name
     * @param cycles   the cycles that ran in this run (resumed ones not counted)
     * @param skipped  the cycles a resumed run found done already in the records
     * @param failures every failure, labelled with its path, iteration and phase, in the order they happened
     * @param elapsed  the campaign's time on its clock
     * @param stopped  whether it was stopped (Ctrl-C, or fail-fast after a failure) before its last iteration
     * @param records  the records file
     */
    public CampaignResult {
        failures = List.copyOf(failures);
    }

    /** @return whether every cycle ran and passed */
    public boolean passed() {
        return failures.isEmpty() && !stopped;
    }
}
