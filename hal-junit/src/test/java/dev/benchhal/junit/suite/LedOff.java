package dev.benchhal.junit.suite;

import dev.benchhal.junit.BenchBaseline;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.mock.LinMock;

import java.util.Map;

/** The suite's baseline: every ambient-light node's LED off (the seed's {@code _reset_to_off}). */
public final class LedOff implements BenchBaseline {

    @Override
    public void apply(Context bench) {
        LinInterface lin = bench.device("lin", LinInterface.class);
        FrameIO fio = new FrameIO(lin, lin.unwrap(LinMock.class).orElseThrow().ldf());
        fio.send("ALM_Req_A", Map.of("AmbLightIntensity", 0, "AmbLightLIDFrom", 0, "AmbLightLIDTo", 0xFF));
        Journal.ENTRIES.add("led off");
    }
}
