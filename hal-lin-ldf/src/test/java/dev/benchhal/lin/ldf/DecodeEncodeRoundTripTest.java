package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Decode, change one signal, encode" must never fail or change another signal: for every frame of
 * every corpus file, random frames decode and encode back to the same raw value of every signal.
 */
class DecodeEncodeRoundTripTest {

    private static final int VECTORS_PER_FRAME = 64;

    @TestFactory
    Stream<DynamicTest> everyDecodedFrameEncodesBackToTheSameSignals() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SharedCorpus.requireLdfDirectory().resolve("public"))) {
            files = list.filter(p -> p.toString().endsWith(".ldf")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> roundTrip(file)));
    }

    private static void roundTrip(Path file) throws IOException {
        LdfDatabase ldf;
        try {
            ldf = LdfParser.lenient().onWarning(w -> { }).parse(Files.readAllBytes(file), file.toString());
        } catch (LdfParseException invalid) {
            return; // listed with its reason in LdfWriterTest
        }
        SplittableRandom random = new SplittableRandom(file.getFileName().toString().hashCode());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (LdfFrame frame : ldf.frames()) {
            FrameCodec codec = ldf.codec(frame.name());
            long[] before = new long[codec.signalCount()];
            long[] after = new long[codec.signalCount()];
            for (int v = 0; v < VECTORS_PER_FRAME; v++) {
                byte[] data = new byte[codec.length()];
                // the all-zero and all-one frames first, then random ones
                if (v == 1) {
                    Arrays.fill(data, (byte) 0xFF);
                } else if (v > 1) {
                    for (int k = 0; k < data.length; k++) {
                        data[k] = (byte) random.nextInt(256);
                    }
                }
                Map<String, Object> decoded = codec.decode(data);
                byte[] again;
                try {
                    again = codec.encode(decoded);
                } catch (LdfCodecException e) {
                    failures.add(frame.name() + " " + java.util.HexFormat.of().formatHex(data) + ": " + e.getMessage());
                    continue;
                }
                codec.decodeRaw(data, before);
                codec.decodeRaw(again, after);
                if (!Arrays.equals(before, after)) {
                    failures.add(frame.name() + " " + java.util.HexFormat.of().formatHex(data) + ": raw " + Arrays.toString(before)
                            + " came back as " + Arrays.toString(after) + " through " + decoded);
                }
                checked++;
            }
        }
        assertThat(failures).as("%s: %d of %d vectors", file.getFileName(), failures.size(), checked).isEmpty();
    }
}
