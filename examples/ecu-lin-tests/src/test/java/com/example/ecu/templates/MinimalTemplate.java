package com.example.ecu.templates;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.LdfDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The minimal test: the bus, one frame, one check. */
@BenchTest
@Tag("template")
class MinimalTemplate {

    @Test
    @TestSpec(title = "TITLE", description = "WHAT IT CHECKS", requirements = {"REQ-ID"}, steps = {"STEP"}, expected = "RESULT")
    void minimal(@Role("lin") LinInterface lin) {
        FrameIO fio = new FrameIO(lin, LdfDatabase.load(Path.of("ldf/alm.ldf")));
        assertThat(fio.receive("ALM_Status", Duration.ofMillis(200))).isPresent();
    }
}
