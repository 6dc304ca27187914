package com.example.ecu.templates;

import com.example.ecu.alm.AlmTester;
import com.example.ecu.alm.ResetToOff;
import dev.benchhal.junit.Baseline;
import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.Role;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With isolation: every test starts from the LED off, whatever the one before did. */
@BenchTest
@Baseline(ResetToOff.class)
@Tag("template")
class IsolatedTemplate {

    @Test
    void startsFromOff(@Role("lin") LinInterface lin, BenchClock clock) {
        assertThat(AlmTester.on(lin, clock).readLedState()).isEqualTo("OFF");
    }
}
