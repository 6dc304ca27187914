package dev.benchhal.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bench role a parameter or field is the device of ({@code @Role("psu") PowerSupply psu}).
 * Without it a device is found by its type, when exactly one role of the bench is of that family.
 * A role that is not configured, whose driver is missing or whose device cannot be reached fails
 * the test; with {@code optional = true} it skips the test instead, with the reason.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
public @interface Role {

    /** @return the role, as the bench file names it; empty: find the device by its type */
    String value() default "";

    /** @return {@code true}: an unavailable device skips the test instead of failing it */
    boolean optional() default false;
}
