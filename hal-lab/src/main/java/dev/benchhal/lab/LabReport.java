package dev.benchhal.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a lab run did.
 *
 * @param results   every run that started, in the order they ended
 * @param notRun    every unit of work that did not start, with the reason
 * @param elapsed   from the scheduler's start to its end
 * @param directory the results directory
 * @param stopped   whether the run was stopped before it finished its work
 */
public record LabReport(List<RunResult> results, List<NotRun> notRun, Duration elapsed, Path directory, boolean stopped) {

    /**
     * Copies the lists.
     *
     * @param results   every run that started, in the order they ended
     * @param notRun    every unit of work that did not start, with the reason
     * @param elapsed   from the scheduler's start to its end
     * @param directory the results directory
     * @param stopped   whether the run was stopped before it finished its work
     */
    public LabReport {
        results = List.copyOf(results);
        notRun = List.copyOf(notRun);
    }

    /** @return whether every run passed and every unit of work ran */
    public boolean allPassed() {
        return !stopped && notRun.isEmpty() && results.stream().allMatch(r -> r.outcome().passed());
    }

    /**
     * @param outcome an outcome
     * @return how many runs ended so
     */
    public long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }
}
