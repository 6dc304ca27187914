package dev.benchhal.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The baselines applied before each test, in order: declared once for a group of tests on its
 * package ({@code package-info.java}, which also covers the packages below it) or on a class. The
 * nearest declaration wins whole, as the seed's per-file autouse fixture replaces the suite's: a
 * class with its own {@code @Baseline} replaces its package's with a richer one, and
 * {@code @Baseline({})} turns the baseline off for a class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface Baseline {

    /** @return the baselines, applied in this order before each test */
    Class<? extends BenchBaseline>[] value();
}
