package dev.benchhal.lab;

import java.util.List;

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

    /**
     * The test as a process of its own (the default for labs of real boards: a test that crashes cannot take the
     * scheduler down), as the seed runs {@code run-tests.py}. The process runs in the run's directory, its output goes
     * to {@code run.log}, and it learns its run from the environment: {@code BENCHHAL_RUN_ID}, {@code BENCHHAL_RUN_DIR},
     * {@code BENCHHAL_SPEC}, {@code BENCHHAL_LEASE_TOKEN}, and per board role ({@code sta} becomes {@code STA})
     * {@code BENCHHAL_BOARD_STA} (the board id), {@code BENCHHAL_BOARD_STA_TYPE} and, when the spec flashes,
     * {@code BENCHHAL_FIRMWARE_STA} (the image's path). Exit code 0 passes, 1 fails, anything else is an error. The
     * process and everything it started are killed when the run's time limit passes, its lease is lost, the lab
     * stops, or the scheduler's own process dies.
     *
     * @param command the program and its arguments, passed as they are (no shell)
     * @return the test
     * @throws IllegalArgumentException for an empty command
     */
    static LabTest command(List<String> command) {
        return new CommandTest(command);
    }
}
