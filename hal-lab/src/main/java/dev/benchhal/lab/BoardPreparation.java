package dev.benchhal.lab;

import java.util.Optional;

/**
 * Readies one board before its run (the seed's "initialise the tentacles, flash the boards if needed"): power,
 * reset, flash. Called on the run's thread, once per board, before the test; may block.
 */
@FunctionalInterface
public interface BoardPreparation {

    /**
     * @param context  the run; call {@link RunContext#checkLease(Board)} before each operation on the board
     * @param board    the board
     * @param firmware what to flash, or empty when the spec flashes nothing
     * @throws Exception when the board cannot be readied: the run ends as {@link Outcome#ERROR} without its test
     */
    void prepare(RunContext context, Board board, Optional<Firmware> firmware) throws Exception;

    /** @return a preparation that does nothing (simulated boards, or tests that prepare their own) */
    static BoardPreparation none() {
        return (context, board, firmware) -> { };
    }
}
