package dev.benchhal.junit;

import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The same suite over several benches (N devices under test): the class runs once per bench file,
 * each run with its own bench, devices, baselines and records, shown under the file's name. With
 * JUnit's parallel execution on ({@code junit.jupiter.execution.parallel.enabled=true} and
 * {@code junit.jupiter.execution.parallel.mode.default=concurrent}, for example in
 * {@code junit-platform.properties}) the benches run side by side. Use it instead of {@link BenchTest}.
 * <pre>{@code
 * @Benches({"benches/dut-1.yaml", "benches/dut-2.yaml"})
 * class RailTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ClassTemplate
@ExtendWith(BenchExtension.class)
public @interface Benches {

    /**
     * @return the bench files, relative to the working directory; empty: the comma-separated list of
     *         the configuration parameter {@code benchhal.benches}
     */
    String[] value() default {};
}
