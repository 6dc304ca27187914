package dev.benchhal.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which roles of the bench a group of tests may use, declared once for the group on its package
 * ({@code package-info.java}, which also covers the packages below it) or on a class: the seed's
 * directory layout, in which a LIN test cannot reach the supply helpers. Asking for another role
 * (as a parameter, a field or in a baseline) is an error that names the group and its roles.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface BenchSuite {

    /** @return a name for messages ({@code "hardware"}); the package's name when empty */
    String name() default "";

    /** @return the roles the group's tests may use */
    String[] roles();

    /** @return the helpers the group's tests may obtain as parameters (the seed's fixtures of the directory) */
    Class<? extends BenchHelper<?>>[] helpers() default {};
}
