package dev.benchhal.junit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The seed's {@code smoke} marker as a JUnit tag.
 * A quick check that the bench is alive: the first thing to run (-Dgroups=smoke).
 * Select with Surefire's {@code groups} and {@code excludedGroups}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("smoke")
public @interface Smoke {
}
