package dev.benchhal.harness;

/** What one path does in one iteration (the seed's {@code one_cycle}). Runs on the path's own thread. */
@FunctionalInterface
public interface CycleBody {

    /**
     * @param cycle the path, the iteration, phases and notes
     * @throws Exception when the cycle fails: reported with its path, iteration and the phase that failed
     */
    void cycle(Cycle cycle) throws Exception;
}
