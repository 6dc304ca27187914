package dev.benchhal.lab;

import dev.benchhal.time.BenchClock;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running test has: its boards, their firmware, a result directory of its own, a log, the clock, and
 * the lease that holds the boards. Used by the run's own thread; {@link #log()} is safe from any thread.
 */
public interface RunContext {

    /** @return the run */
    TestRun run();

    /**
     * @param role a role of the spec's {@link BoardNeed needs}
     * @return the board in that role
     * @throws IllegalArgumentException for a role the spec does not have
     */
    default Board board(String role) {
        return run().board(role);
    }

    /**
     * @param board one of the run's boards
     * @return the firmware it runs, or empty when the spec flashes nothing
     */
    Optional<Firmware> firmware(Board board);

    /** @return the run's result directory, {@code RESULTS/RUN-TESTS_EXTMOD_HARDWARE[5f2c-RPI_PICO_W]}; it exists */
    Path directory();

    /** @return the run's log ({@code run.log} in its directory), flushed line by line */
    PrintWriter log();

    /** @return the lab's clock: virtual in a simulation */
    BenchClock clock();

    /** @return the fencing token of the lease that holds the run's boards */
    long leaseToken();

    /**
     * The fencing check to make before every operation on a board (power, flash, reset): the run's lease still
     * holds it.
     *
     * @param board one of the run's boards
     * @throws dev.benchhal.lab.lease.LeaseLostException when the lease ended: do not touch the board
     */
    void checkLease(Board board);
}
