package dev.benchhal.benchmarks;

import dev.benchhal.lin.ldf.FrameCodec;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.LdfParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * hal-lin-ldf against the reference parser's figures on this machine kind (ldfparser 0.26: a
 * median of 223 ms to parse the largest corpus file, 12,546 encode+decode per second of its frame
 * {@code HVH_Ls_01}). The file is read from {@code ../shared/ldf/public} (its licence keeps it
 * out of the repository); {@code -Dbenchhal.ldf=PATH} points elsewhere.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LdfBenchmark {

    static final String LARGEST = "jsldfparser__E3_1_2_Premium_HCP4_LIN23_KMatrix_SignalSuffix_V12.03.35F_20200930_AL.ldf";

    private byte[] file;
    private FrameCodec codec;
    private long[] raw;
    private long[] decoded;
    private byte[] frame;
    private Map<String, Object> values;
    private int step;

    @Setup
    public void load() throws IOException {
        file = Files.readAllBytes(largestCorpusFile());
        LdfDatabase ldf = LdfParser.strict().parse(file, LARGEST);
        codec = ldf.codec("HVH_Ls_01");
        raw = codec.initValues();
        decoded = new long[raw.length];
        frame = new byte[codec.length()];
        values = codec.decode(codec.encodeRaw(raw));
    }

    static Path largestCorpusFile() {
        String given = System.getProperty("benchhal.ldf");
        if (given != null) {
            return Path.of(given);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/ldf/public").resolve(LARGEST);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + LARGEST + " in a shared/ldf/public above " + Path.of("")
                .toAbsolutePath() + "; pass -Dbenchhal.ldf=PATH");
    }

    /** Bytes to model: charset detection, tokens, grammar, semantic checks, indexes. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public LdfDatabase parseLargestCorpusFile() {
        return LdfParser.strict().parse(file, LARGEST);
    }

    /** Raw values to bytes and back, 43 signals, no allocation. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void encodeDecodeRaw(Blackhole hole) {
        raw[0] = (step++) & 1; // a changing input, so the work cannot be folded away
        codec.encodeRaw(raw, frame);
        codec.decodeRaw(frame, decoded);
        hole.consume(decoded);
    }

    /** Converted values by name to bytes and back: logical names, physical values, maps. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Map<String, Object> encodeDecodeConverted() {
        return codec.decode(codec.encode(values));
    }
}
