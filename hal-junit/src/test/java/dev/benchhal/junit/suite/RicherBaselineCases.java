package dev.benchhal.junit.suite;

import dev.benchhal.junit.Baseline;
import dev.benchhal.junit.BenchBaseline;
import dev.benchhal.junit.BenchTest;
import org.junit.jupiter.api.Test;

/** A class of the group that replaces the group's baseline with a richer one (the seed's per-file override). */
@BenchTest
@Baseline({LedOff.class, RicherBaselineCases.Calibrated.class})
public class RicherBaselineCases {

    /** A second step after the LED is off. */
    public static final class Calibrated implements BenchBaseline {
        @Override
        public void apply(Context bench) {
            Journal.ENTRIES.add("calibrated");
        }
    }

    @Test
    void runsAfterBothSteps() {
        Journal.ENTRIES.add("richer test");
    }
}
