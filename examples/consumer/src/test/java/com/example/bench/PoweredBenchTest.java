package com.example.bench;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.RequiresRole;
import dev.benchhal.junit.Role;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.usb.UsbHub;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same bench through the JUnit extension (hal-junit): the bench of the run, its devices
 * injected by role and type, the rail powered at the bench file's nominal for the whole run.
 */
@BenchTest
@PoweredBench
class PoweredBenchTest {

    @Role("lin")
    LinInterface lin;

    @Test
    void theNodeReportsANormalSupplyOnThePoweredBench(@Role("psu") PowerSupply psu) {
        assertThat(psu.isOutputOn()).isTrue();
        assertThat(psu.voltageSetpoint()).isEqualTo(13.5);
        FrameIO fio = new FrameIO(lin, LdfDatabase.load(Path.of("ldf/alm.ldf")));
        assertThat(fio.readText("ALM_Status", "ALMVoltageStatus", Duration.ofMillis(100))).contains("NORMAL");
    }

    @Test
    @RequiresRole("hub")
    void theHubOfTheBenchComesByItsType(UsbHub hub) {
        assertThat(hub.info().portCount()).isEqualTo(4);
    }
}
