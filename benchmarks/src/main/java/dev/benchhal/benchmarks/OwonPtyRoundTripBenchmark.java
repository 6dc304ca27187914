package dev.benchhal.benchmarks;

import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.OwonModel;
import dev.benchhal.psu.owon.OwonProvider;
import dev.benchhal.psu.owon.SerialLink;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.PtySimulator;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.time.BenchClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Owon driver's overhead over a real serial line: a {@code MEAS:VOLT?} round trip through the
 * driver against the simulator behind a socat pty pair, and, as the baseline, the same line
 * written and read straight through the serial link against a bare echo (the simulator answering
 * {@code *IDN?}, the cheapest command). Needs {@code socat}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OwonPtyRoundTripBenchmark {

    private Path dir;
    private PtySimulator driverLine;
    private PtySimulator rawLine;
    private PowerSupply psu;
    private SerialLink raw;

    @Setup(Level.Trial)
    public void cable() throws IOException {
        dir = Files.createTempDirectory("owon-bench");
        driverLine = PtySimulator.start(new OwonSimulator(OwonModel.SPE6103, "B1", BenchClock.system()),
                Files.createDirectory(dir.resolve("driver")));
        rawLine = PtySimulator.start(new OwonSimulator(OwonModel.SPE6103, "B2", BenchClock.system()),
                Files.createDirectory(dir.resolve("raw")));
        psu = new OwonProvider().open(DeviceSpec.of("owon:serial://" + driverLine.devicePath()
                + "?openSettle=0ms&safeOffOnClose=false"), DriverContext.standalone());
        raw = SerialLink.open(rawLine.devicePath().toString(), 115_200);
    }

    @TearDown(Level.Trial)
    public void unplug() {
        psu.close();
        raw.close();
        driverLine.close();
        rawLine.close();
    }

    /** Driver: stale input dropped, MEAS:VOLT? written, reply read to LF, parsed defensively. */
    @Benchmark
    public double driverMeasureVoltage() {
        return psu.measureVoltage();
    }

    /** Baseline: one line written and one read on the same kind of pty, no driver. */
    @Benchmark
    public String rawLineRoundTrip() {
        return raw.query("MEAS:VOLT?", Duration.ofSeconds(1));
    }
}
