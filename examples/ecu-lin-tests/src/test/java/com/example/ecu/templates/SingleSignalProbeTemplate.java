package com.example.ecu.templates;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.Recorder;
import dev.benchhal.junit.Role;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.LdfDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

/** A single-signal probe: read one signal by name and record it. */
@BenchTest
@Tag("template")
class SingleSignalProbeTemplate {

    @Test
    void probe(@Role("lin") LinInterface lin, Recorder rec) {
        FrameIO fio = new FrameIO(lin, LdfDatabase.load(Path.of("ldf/alm.ldf")));
        rec.property("ALMNadNo", fio.readLong("ALM_Status", "ALMNadNo", Duration.ofMillis(200)).orElseThrow());
    }
}
