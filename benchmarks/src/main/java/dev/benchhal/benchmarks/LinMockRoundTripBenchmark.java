package dev.benchhal.benchmarks;

import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.lin.mock.LinMockProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Request/response round trips through {@link FrameIO} against the {@code lin-mock:} simulator in
 * virtual time, with LDF decoding: what a unit test of ECU logic pays per frame. The ALM node's
 * model runs on every ALM_Status and PWM_Frame response.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LinMockRoundTripBenchmark {

    private static final Duration TIMEOUT = Duration.ofMillis(50);

    private LinMock mock;
    private FrameIO fio;

    @Setup
    public void open() {
        // a small trace: a soak of millions of frames keeps memory flat
        mock = LinMockProvider.create(DeviceSpec.of("lin-mock:?ldf=builtin:alm&time=virtual&traceCapacity=1024"),
                DriverContext.standalone());
        fio = new FrameIO(mock, mock.ldf());
        fio.send("ALM_Req_A", Map.of("AmbLightColourRed", 255, "AmbLightIntensity", 255, "AmbLightLIDFrom", 0x10,
                "AmbLightLIDTo", 0x10));
    }

    @TearDown
    public void close() {
        mock.close();
    }

    /** Header, the ALM model's update, response, checksum, trace, decode of 5 signals to a map. */
    @Benchmark
    public Optional<Map<String, Object>> receiveAlmStatus() {
        return fio.receive("ALM_Status", TIMEOUT);
    }

    /** The same for the 8-byte PWM frame (the model computes three compensated channels). */
    @Benchmark
    public Optional<Map<String, Object>> receivePwmFrame() {
        return fio.receive("PWM_Frame", TIMEOUT);
    }

    /** One signal by name, the seed's read_signal. */
    @Benchmark
    public Optional<Object> readSignal() {
        return fio.readSignal("ALM_Status", "ALMLEDState", TIMEOUT);
    }
}
