package dev.benchhal.junit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The seed's {@code psu_settling} marker as a JUnit tag.
 * Characterises the supply's settling: opt-in, as the seed keeps it (-Dgroups=psu_settling).
 * Select with Surefire's {@code groups} and {@code excludedGroups}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("psu_settling")
public @interface PsuSettling {
}
