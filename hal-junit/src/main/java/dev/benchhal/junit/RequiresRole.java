package dev.benchhal.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A gate on a test class or method: it runs only when the bench has the role, and, when
 * {@link #scheme()} is given, when the role's URI has that scheme ({@code @RequiresRole(value = "lin",
 * scheme = "mum")}: only with a MUM). Otherwise it is skipped with the reason; nothing is opened to
 * decide. One annotation on a suite instead of an {@code if} in every test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequiresRoles.class)
public @interface RequiresRole {

    /** @return the role the bench must have */
    String value();

    /** @return the scheme its URI must have; empty for any */
    String scheme() default "";
}
