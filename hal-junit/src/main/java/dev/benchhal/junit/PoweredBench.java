package dev.benchhal.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bench is powered for the whole run, as the seed's autouse {@code _psu_powers_bench}: before
 * the first test of a class with this annotation, the supply of {@link #role()} is set to the bench
 * file's nominal voltage and current limit ({@code topology: power: {volts: 13.5, amps: 2.0}}), its
 * output switched on and the rail settled, and it stays on for every later test, also those that never ask for the
 * supply; the end of the run switches it off. After each test of the class the rail is back at
 * nominal, on and settled, also when the test failed or changed it. A bench without the supply role runs
 * unpowered (the tests that need the supply skip or fail as their {@link Role} says).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PoweredBench {

    /** @return the supply's role */
    String role() default "psu";
}
