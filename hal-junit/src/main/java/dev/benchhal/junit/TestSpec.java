package dev.benchhal.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a test is for, as the seed's docstrings say it (Title, Description, Requirements, Test
 * Steps, Expected Result): kept with the test's outcome in the run's {@code summary.md} and, per
 * requirement, in {@code requirements-coverage.json}.
 * <pre>{@code
 * @Test
 * @TestSpec(title = "Over-voltage sets the status", requirements = {"REQ-ALM-017"},
 *         steps = {"raise the rail to 18.5 V", "read ALM_Status"}, expected = "ALMVoltageStatus is OVERVOLTAGE")
 * void overVoltage(...) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TestSpec {

    /** @return a title for reports; the test's display name when empty */
    String title() default "";

    /** @return what the test checks, in a sentence or two */
    String description() default "";

    /** @return the requirement ids the test covers */
    String[] requirements() default {};

    /** @return the steps, in order */
    String[] steps() default {};

    /** @return the expected result */
    String expected() default "";
}
