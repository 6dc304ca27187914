package com.example.ecu.templates;

import com.example.ecu.alm.AlmTester;
import com.example.ecu.alm.SupplyHelpers;
import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.Role;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** PSU and LIN together: move the rail, look at the node, the rail restored in any case. */
@BenchTest
@PoweredBench
@Tag("template")
class PsuLinTemplate {

    @Test
    void railAndNode(@Role("psu") PowerSupply psu, @Role("lin") LinInterface lin, BenchClock clock) {
        String status = SupplyHelpers.withRailAt(psu, 12.0, Duration.ofMillis(200),
                () -> AlmTester.on(lin, clock).fio().readText("ALM_Status", "ALMVoltageStatus", Duration.ofMillis(200))
                        .orElseThrow());
        assertThat(status).isEqualTo("NORMAL");
    }
}
