/** A group of LIN tests, as the seed's tests/hardware directory: only the LIN bus, the LED off before each test. */
@BenchSuite(name = "lin", roles = "lin", helpers = LedProbe.Maker.class)
@Baseline(LedOff.class)
package dev.benchhal.junit.suite;

import dev.benchhal.junit.Baseline;
import dev.benchhal.junit.BenchSuite;
