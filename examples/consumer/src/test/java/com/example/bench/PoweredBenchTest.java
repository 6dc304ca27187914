package com.example.bench;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.PoweredBench;
import dev.benchhal.junit.Recorder;
import dev.benchhal.junit.RequiresRole;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
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
    @TestSpec(title = "The node reports a normal supply", requirements = "REQ-ALM-VOLT-1",
            expected = "ALMVoltageStatus NORMAL at the nominal rail")
    void theNodeReportsANormalSupplyOnThePoweredBench(Recorder rec, @Role("psu") PowerSupply psu) {
        assertThat(psu.isOutputOn()).isTrue();
        rec.measure("rail", psu.measureVoltage(), "V").within(13.2, 13.8);
        FrameIO fio = new FrameIO(lin, LdfDatabase.load(Path.of("ldf/alm.ldf")));
        assertThat(fio.readText("ALM_Status", "ALMVoltageStatus", Duration.ofMillis(100))).contains("NORMAL");
    }

    @Test
    @RequiresRole("hub")
    void theHubOfTheBenchComesByItsType(UsbHub hub) {
        assertThat(hub.info().portCount()).isEqualTo(4);
    }
}
