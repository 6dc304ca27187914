package dev.benchhal.junit.suite;

import dev.benchhal.junit.Baseline;
import dev.benchhal.junit.BenchTest;
import org.junit.jupiter.api.Test;

/** A class of the group that turns the baseline off. */
@BenchTest
@Baseline({})
public class NoBaselineCases {

    @Test
    void runsWithoutABaseline() {
        Journal.ENTRIES.add("bare test");
    }
}
