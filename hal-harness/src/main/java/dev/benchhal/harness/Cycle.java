package dev.benchhal.harness;

import dev.benchhal.time.BenchClock;

import java.util.concurrent.Callable;

/**
 * One path's cycle in one iteration, as the campaign's cycle body sees it: named, timed phases whose failures are
 * reported with the path and the phase, and notes (KPIs such as the link width after retraining) that go into the
 * cycle's record. Used by the path's own thread.
 */
public interface Cycle {

    /** @return the path's name, for example {@code rrh3} */
    String path();

    /** @return the iteration, from 1 */
    int iteration();

    /** @return the campaign's clock (virtual on a simulated bench) */
    BenchClock clock();

    /**
     * Runs one phase, timed on the campaign's clock and recorded (its name, start, milliseconds, outcome).
     *
     * @param <T>   what the phase returns
     * @param phase its name, for example {@code power-off}, {@code wait-vanish}
     * @param work  the phase
     * @return what the phase returned
     * @throws Exception what the phase threw: the campaign reports it with this path, iteration and phase
     */
    <T> T phase(String phase, Callable<T> work) throws Exception;

    /**
     * Runs one phase that returns nothing.
     *
     * @param phase its name
     * @param work  the phase
     * @throws Exception what the phase threw
     */
    default void step(String phase, Step work) throws Exception {
        phase(phase, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Adds a value to this cycle's record, for reports and control charts.
     *
     * @param key   the KPI's name, for example {@code linkWidth}, {@code vanishMs}
     * @param value a string, number or boolean
     */
    void note(String key, Object value);

    /** A phase that returns nothing. */
    @FunctionalInterface
    interface Step {
        /**
         * @throws Exception when the phase fails
         */
        void run() throws Exception;
    }
}
