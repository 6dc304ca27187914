package com.example.ecu.alm;

import dev.benchhal.junit.BenchBaseline;
import dev.benchhal.lin.LinInterface;

/** The suite's baseline: the LED off before each test. */
public final class ResetToOff implements BenchBaseline {

    @Override
    public void apply(Context bench) {
        AlmTester.on(bench.device("lin", LinInterface.class), bench.bench().clock()).forceOff();
    }
}
