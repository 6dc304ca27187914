package dev.benchhal.lab;

/** How a run ended. */
public enum Outcome {
    /** The test passed. */
    PASSED,
    /** The test ran and failed (an {@link AssertionError}). */
    FAILED,
    /** The run could not be carried out: preparing its boards or the test itself threw something else. */
    ERROR,
    /** The run's lease ended while it worked (expired, released by an operator): its result does not count. */
    LEASE_LOST,
    /** The run went on past its time limit and was stopped. */
    TIMED_OUT;

    /** @return whether the run counts as a pass */
    public boolean passed() {
        return this == PASSED;
    }
}
