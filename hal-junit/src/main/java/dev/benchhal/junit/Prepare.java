package dev.benchhal.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link BenchPreparation}s the tests of a group need, run once per run in this order before
 * the first of them (and before its {@link Baseline}): declared on a package
 * ({@code package-info.java}, covering the packages below it) or a class; the nearest declaration
 * wins whole, {@code @Prepare({})} turns them off for a class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface Prepare {

    /** @return the preparations, in order */
    Class<? extends BenchPreparation>[] value();
}
