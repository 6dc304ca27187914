package dev.benchhal.junit;

/**
 * A step that prepares the bench once per run, before the first test that needs it: flashing the
 * ECU with the image the bench file names (the seed's session fixture {@code flash_ecu}), loading
 * a configuration, calibrating. Declared with {@link Prepare} on a package or class; runs on the
 * thread of the first test under that declaration, with the bench's devices, and never again in
 * the run (on each bench of a {@link Benches} run). Its outcome is every later test's:
 * <ul>
 *   <li>it returns: done (also when there is nothing to do, a step the bench file turns off);</li>
 *   <li>it aborts ({@code Assumptions.abort("...")}, {@link org.opentest4j.TestAbortedException}):
 *       every test that needs it is skipped with that reason (the seed: "flash enabled but no image:
 *       skip");</li>
 *   <li>it throws anything else: every test that needs it fails with a {@link FailedException}
 *       naming the step, with its error as cause; the step is not tried again.</li>
 * </ul>
 * Implementations have a public no-argument constructor.
 */
public interface BenchPreparation {

    /**
     * Prepares the bench. Blocks until done; other tests that need it wait.
     *
     * @param bench the run's bench and its devices (roles limited by the test's {@link BenchSuite})
     * @throws Exception when the bench cannot be prepared
     */
    void prepare(BenchBaseline.Context bench) throws Exception;

    /** A preparation failed: every test that needs it fails with this, its cause the step's error. */
    final class FailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * @param step  the preparation's class
         * @param cause what it threw
         */
        public FailedException(Class<? extends BenchPreparation> step, Throwable cause) {
            super("bench preparation " + step.getSimpleName() + " failed (once, before the first test that needed it): "
                    + cause, cause);
        }
    }
}
