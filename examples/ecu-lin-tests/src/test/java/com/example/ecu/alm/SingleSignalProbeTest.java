package com.example.ecu.alm;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.Recorder;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Single-signal probes: one signal read by name, its value recorded and checked. */
@BenchTest
@PoweredBench
class SingleSignalProbeTest {

    @Test
    @TestSpec(title = "The junction temperature is plausible", requirements = {"REQ-ALM-NTC"},
            expected = "Tj_Frame_NTC between -40 and 125 degC, ALMThermalStatus NORMAL")
    void junctionTemperature(@Role("lin") LinInterface lin, BenchClock clock, Recorder rec) {
        AlmTester alm = AlmTester.on(lin, clock);
        long ntc = alm.fio().readLong("Tj_Frame", "Tj_Frame_NTC", AlmConstants.STATE_RECEIVE_TIMEOUT).orElseThrow();
        rec.measure("Tj", AlmConstants.ntcKelvinToCelsius(ntc), "degC").within(-40, 125);
        assertThat(alm.fio().readText("ALM_Status", "ALMThermalStatus", AlmConstants.STATE_RECEIVE_TIMEOUT)).contains("NORMAL");
    }

    @Test
    @TestSpec(title = "The node reports its NAD", requirements = {"REQ-ALM-NAD"}, expected = "ALMNadNo is the NAD it answers at")
    void nad(@Role("lin") LinInterface lin, BenchClock clock, Recorder rec) {
        AlmTester alm = AlmTester.on(lin, clock);
        rec.property("ALMNadNo", alm.nad());
        assertThat(alm.nad()).isBetween(0x01, 0x7D);
    }
}
