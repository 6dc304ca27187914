package dev.benchhal.lab;

/**
 * The test a run executes on its boards (the seed's {@code TestRun.test()}): prepared boards in, outcome by
 * exception out. Runs on a scheduler thread; may block for as long as the test takes.
 */
@FunctionalInterface
public interface LabTest {

    /**
     * @param context the run: its boards by role, firmware, result directory, log, clock and lease
     * @throws AssertionError when the test fails (the run is {@link Outcome#FAILED})
     * @throws Exception      when it cannot be carried out (the run is {@link Outcome#ERROR})
     */
    void run(RunContext context) throws Exception;
}
