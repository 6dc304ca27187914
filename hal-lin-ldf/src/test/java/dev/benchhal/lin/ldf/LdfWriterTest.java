package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Parse, write, parse again gives an equal model, for the team's files and every corpus file that parses. */
class LdfWriterTest {

    @TestFactory
    Stream<DynamicTest> writtenTextParsesToAnEqualModel() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String own : List.of("alm.ldf", "all-features.ldf", "reference/ldfparser__lin13.ldf",
                "reference/ldfparser__lin22.ldf", "reference/ldfparser__lin_diagnostics.ldf",
                "reference/ldfparser__lin_encoders.ldf", "reference/ldfparser__j2602_1.ldf",
                "reference/ldfparser__iso17987.ldf", "reference/ldfparser__ldf_with_sporadic_frames.ldf",
                "reference/ldfparser__no_signal_subscribers.ldf", "reference/lintools__test_validate.ldf")) {
            tests.add(DynamicTest.dynamicTest(own, () -> roundTrip(LdfParser.strict(), TestLdf.bytes(own), own)));
        }
        Path corpus = SharedCorpus.ldfDirectory().map(p -> p.resolve("public")).orElse(null);
        if (corpus != null) {
            try (Stream<Path> files = Files.list(corpus)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".ldf")).sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest("corpus " + file.getFileName(), () -> {
                        LdfParser lenient = LdfParser.lenient().onWarning(w -> { });
                        byte[] bytes = Files.readAllBytes(file);
                        try {
                            lenient.parse(bytes, file.toString());
                        } catch (LdfParseException invalid) {
                            return; // invalid even for the lenient parser: nothing to write
                        }
                        roundTrip(lenient, bytes, file.toString());
                    }));
                }
            }
        }
        return tests.stream();
    }

    private static void roundTrip(LdfParser parser, byte[] bytes, String name) {
        LdfDatabase original = parser.parse(bytes, name);
        String written = LdfWriter.write(original);
        LdfDatabase again = parser.parse(written, name + " (written)");
        assertThat(again).as("model of the written text of %s", name).isEqualTo(original);
        assertThat(again.comments()).isEqualTo(original.comments());
        assertThat(LdfWriter.write(again)).as("writing is stable").isEqualTo(written);
    }
}
