package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Property: no input makes the parser throw anything but {@link LdfParseException}, or hang; and
 * whatever it accepts, the writer prints back to an equal model. Inputs are seeded mutations of
 * real files (so most of them get deep into the grammar) and random text.
 */
class LdfFuzzTest {

    private static final List<String> SEEDS = List.of("alm.ldf", "all-features.ldf", "reference/ldfparser__lin13.ldf",
            "reference/ldfparser__lin_schedules.ldf", "reference/ldfparser__j2602_1.ldf",
            "reference/ldfparser__iso17987.ldf", "reference/ldfparser__lin_encoders.ldf");
    private static final String[] FRAGMENTS = {"{", "}", ";", ",", ":", "=", "\"", "/*", "//", "*/", "0x", "-", ".",
            "e", "99999999999999999999", "0xFFFFFFFFFFFFFFFFFF", "1e999", "-1", "64", "0x3F", "ms", "kbps", "%", "bits",
            "delay", "Frames", "Signals", "Nodes", "Master", "Slaves", "logical_value", "physical_value", "bcd_value",
            "AssignNAD", "FreeFormat", "configurable_frames", "\u00e9", "\u0000", "\r", "\n", " ", "\t", "\uFEFF"};

    @Test
    void mutatedFilesOnlyEverFailWithAParseError() {
        Random random = new Random(0x1DF);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int accepted = 0;
            int rejected = 0;
            for (String seed : SEEDS) {
                String text = TestLdf.text(seed);
                for (int i = 0; i < 1500; i++) {
                    String mutant = mutate(text, random, 1 + random.nextInt(4));
                    for (LdfParser parser : List.of(LdfParser.strict(), LdfParser.lenient().onWarning(w -> { }))) {
                        if (check(parser, mutant, seed + " mutant " + i)) {
                            accepted++;
                        } else {
                            rejected++;
                        }
                    }
                }
            }
            // the mutations must reach both outcomes, or the property says nothing
            assertThat(accepted).isGreaterThan(1000);
            assertThat(rejected).isGreaterThan(1000);
        });
    }

    @Test
    void randomTextAndBytesOnlyEverFailWithAParseError() {
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 3000; i++) {
                StringBuilder text = new StringBuilder();
                int parts = random.nextInt(60);
                for (int k = 0; k < parts; k++) {
                    text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(random.nextBoolean() ? " " : "");
                }
                check(LdfParser.lenient().onWarning(w -> { }), text.toString(), "random text " + i);
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                try {
                    LdfParser.strict().parse(bytes, "random bytes " + i);
                } catch (LdfParseException expected) {
                    // the only allowed failure
                }
            }
        });
    }

    /** @return {@code true} when the parser accepted the text (and the model survived a write and re-parse) */
    private static boolean check(LdfParser parser, String text, String name) {
        LdfDatabase ldf;
        try {
            ldf = parser.parse(text, name);
        } catch (LdfParseException expected) {
            assertThat(expected.getMessage()).startsWith(name);
            return false;
        } catch (RuntimeException | StackOverflowError wrong) {
            throw new AssertionError(name + " made the parser throw " + wrong + "\n--- input ---\n" + text, wrong);
        }
        String written = LdfWriter.write(ldf);
        assertThat(parser.parse(written, name + " written")).as("round trip of %s", name).isEqualTo(ldf);
        return true;
    }

    private static String mutate(String text, Random random, int edits) {
        StringBuilder out = new StringBuilder(text);
        for (int e = 0; e < edits && out.length() > 0; e++) {
            int at = random.nextInt(out.length());
            int span = Math.min(out.length() - at, 1 + random.nextInt(12));
            switch (random.nextInt(6)) {
                case 0 -> out.delete(at, at + span);
                case 1 -> out.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> out.replace(at, at + 1, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 3 -> out.insert(random.nextInt(out.length()), out.substring(at, at + span));
                case 4 -> out.setCharAt(at, Character.isDigit(out.charAt(at)) ? (char) ('0' + random.nextInt(10))
                        : out.charAt(at));
                default -> out.setLength(at);
            }
        }
        return new String(out.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
