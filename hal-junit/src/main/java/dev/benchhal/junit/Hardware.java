package dev.benchhal.junit;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The seed's {@code hardware} marker as a JUnit tag.
 * Needs real hardware on the bench: excluded where only simulators run (-DexcludedGroups=hardware).
 * Select with Surefire's {@code groups} and {@code excludedGroups}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("hardware")
public @interface Hardware {
}
