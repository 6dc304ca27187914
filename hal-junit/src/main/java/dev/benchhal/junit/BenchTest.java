package dev.benchhal.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that uses the bench: its constructor, fields and test methods get devices by type
 * or by {@link Role}, and {@link dev.benchhal.core.bench.Bench}, {@link dev.benchhal.time.BenchClock}
 * too. The bench is resolved once per test run with the usual precedence (overrides, the
 * environment, the file {@code BENCHHAL_CONFIG} or the configuration parameter
 * {@code benchhal.bench} names, {@code ./bench.yaml}), each role opened on first use and shared by
 * every test of the run, and everything closed at the end of the run in reverse order, supplies
 * switched off, whatever failed. A bench of simulators runs in virtual time.
 * <pre>{@code
 * @BenchTest
 * class SupplyTest {
 *     @Test
 *     void theRailComesUp(@Role("psu") PowerSupply psu) {
 *         psu.setVoltage(13.5);
 *         ...
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(BenchExtension.class)
public @interface BenchTest {
}
