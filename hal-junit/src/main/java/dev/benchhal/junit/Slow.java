package dev.benchhal.junit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The seed's {@code slow} marker as a JUnit tag.
 * Takes long (a soak, a sweep): left out of quick runs (-DexcludedGroups=slow).
 * Select with Surefire's {@code groups} and {@code excludedGroups}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("slow")
public @interface Slow {
}
