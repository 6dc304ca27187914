package dev.benchhal.junit;

/**
 * Makes a helper a group of tests obtains as a parameter (the seed's {@code fio}, {@code alm}
 * fixtures of one test directory): listed in the group's {@link BenchSuite#helpers()}, made for each
 * test that asks for its {@link #type()}, from the bench's devices within the suite's roles. The
 * helper's class carries {@link SuiteHelper}, so a test outside the group that asks for it gets an
 * error naming the group's helpers instead of a stranger's helper. Implementations have a public
 * no-argument constructor.
 *
 * @param <T> the helper
 */
public interface BenchHelper<T> {

    /** @return the helper's class, annotated {@link SuiteHelper} */
    Class<T> type();

    /**
     * @param bench the bench and its devices, within the suite's roles
     * @return a helper for one test
     */
    T create(BenchBaseline.Context bench);
}
