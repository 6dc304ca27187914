package dev.benchhal.junit.suite;

import dev.benchhal.junit.BenchHelper;
import dev.benchhal.junit.SuiteHelper;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.mock.LinMock;

import java.time.Duration;

/** A helper of the "lin" group: the LED state of the ALM, as the seed's alm fixture gives it. */
@SuiteHelper
public final class LedProbe {

    private final FrameIO fio;

    LedProbe(FrameIO fio) {
        this.fio = fio;
    }

    /** @return ALMLEDState now */
    public String ledState() {
        return fio.readText("ALM_Status", "ALMLEDState", Duration.ofMillis(100)).orElseThrow();
    }

    /** Makes a probe on the suite's LIN bus. */
    public static final class Maker implements BenchHelper<LedProbe> {
        @Override
        public Class<LedProbe> type() {
            return LedProbe.class;
        }

        @Override
        public LedProbe create(dev.benchhal.junit.BenchBaseline.Context bench) {
            LinInterface lin = bench.device("lin", LinInterface.class);
            return new LedProbe(new FrameIO(lin, lin.unwrap(LinMock.class).orElseThrow().ldf()));
        }
    }
}
