package dev.benchhal.junit;

import dev.benchhal.Device;
import dev.benchhal.core.bench.Bench;

/**
 * A known state the bench is put in before each test of a suite (the seed's autouse
 * {@code _reset_to_off}, {@code _park_at_nominal}), declared once with {@link Baseline}. An
 * implementation has a public no-argument constructor; it is made once per test.
 * <pre>{@code
 * public final class LedOff implements BenchBaseline {
 *     public void apply(Context bench) {
 *         new AlmTester(bench.device("lin", LinInterface.class), ...).forceOff();
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BenchBaseline {

    /** What a baseline reaches: the run's bench and its devices, as the suite may use them. */
    interface Context {

        /** @return the run's bench */
        Bench bench();

        /**
         * @param role   a role of the bench (and of the suite's roles, where a {@link BenchSuite} says which)
         * @param family its family
         * @param <T>    the family
         * @return the device, opened on first use
         */
        <T extends Device> T device(String role, Class<T> family);
    }

    /**
     * Puts the bench in the baseline's state. Runs before each test, on the test's thread; an
     * exception fails the test before its body runs.
     *
     * @param bench the bench and its devices
     */
    void apply(Context bench);
}
