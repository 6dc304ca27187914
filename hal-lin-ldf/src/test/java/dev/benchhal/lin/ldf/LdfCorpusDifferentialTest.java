package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every file of {@code ../shared/ldf/public} against what an independent parser (ldfparser 0.26)
 * reads from it: the model, every frame vector and encoding vector, and the node configuration
 * requests. Where we differ on purpose, {@code ldf/reference-deviations.txt} says where and why;
 * a listed deviation that no longer occurs fails too, so the list stays true.
 */
class LdfCorpusDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> everyCorpusFileMatchesTheReferenceParser() throws IOException {
        Path corpus = SharedCorpus.requireLdfDirectory();
        Deviations deviations = Deviations.load();
        List<Path> files;
        try (Stream<Path> list = Files.list(corpus.resolve("public"))) {
            files = list.filter(p -> p.toString().endsWith(".ldf")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(38);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> compare(file, corpus.resolve("expected").resolve(file.getFileName().toString()
                        .replaceAll("\\.ldf$", ".json")), deviations)));
    }

    @Test
    void everyListedDeviationNamesACorpusFile() throws IOException {
        Path corpus = SharedCorpus.requireLdfDirectory();
        for (String file : Deviations.load().files()) {
            assertThat(corpus.resolve("public").resolve(file)).exists();
        }
    }

    @SuppressWarnings("unchecked")
    private static void compare(Path ldfFile, Path expectedFile, Deviations deviations) throws IOException {
        Map<String, Object> expected = JSON.readValue(expectedFile.toFile(), LinkedHashMap.class);
        String name = ldfFile.getFileName().toString();
        boolean lenient = deviations.parsesLeniently(name);
        LdfParser parser = (lenient ? LdfParser.lenient() : LdfParser.strict()).onWarning(w -> { });
        if (!Boolean.TRUE.equals(expected.get("parse_ok"))) {
            assertThatThrownBy(() -> parser.parse(ldfFile))
                    .as("the reference rejects %s (%s)", name, expected.get("error"))
                    .isInstanceOf(LdfParseException.class);
            return;
        }
        LdfDatabase ldf = parser.parse(ldfFile);
        List<String> differences = new ArrayList<>();
        Map<String, Object> ours = OracleView.model(ldf);
        for (Map.Entry<String, Object> section : ours.entrySet()) {
            differences.addAll(JsonDiff.diff(section.getKey(), expected.get(section.getKey()), section.getValue()));
        }
        differences.addAll(frameVectors(ldf, (Map<String, List<Map<String, Object>>>) expected.get("frame_vectors")));
        differences.addAll(encodingVectors(ldf, (List<Map<String, Object>>) expected.get("encoding_vectors")));
        differences.addAll(diagnosticVectors(ldf, (List<Map<String, Object>>) expected.get("diagnostic_vectors")));
        List<String> unexplained = deviations.unexplained(name, differences);
        assertThat(unexplained).as("differences from the reference in %s", name).isEmpty();
        assertThat(deviations.unused(name, differences)).as("listed deviations that did not occur in %s", name).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> frameVectors(LdfDatabase ldf, Map<String, List<Map<String, Object>>> vectors) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> perFrame : vectors.entrySet()) {
            FrameCodec codec = ldf.codec(perFrame.getKey());
            FrameCodec ones = codec.withUnusedBits(UnusedBits.ONES);
            for (Map<String, Object> vector : perFrame.getValue()) {
                String path = "frame_vectors." + perFrame.getKey() + "." + vector.get("kind");
                Map<String, Object> ourVector = new LinkedHashMap<>();
                byte[] bytes;
                if (vector.containsKey("raw_in")) {
                    Map<String, Object> rawIn = (Map<String, Object>) vector.get("raw_in");
                    bytes = codec.encodeRaw(rawIn);
                    ourVector.put("bytes", hex(bytes));
                    ourVector.put("bytes_pad1", hex(ones.encodeRaw(rawIn)));
                    out.addAll(JsonDiff.diff(path + ".bytes", vector.get("bytes"), ourVector.get("bytes")));
                    out.addAll(JsonDiff.diff(path + ".bytes_pad1", vector.get("bytes_pad1"), ourVector.get("bytes_pad1")));
                } else {
                    bytes = unhex((String) vector.get("bytes"));
                }
                out.addAll(JsonDiff.diff(path + ".decoded_raw", vector.get("decoded_raw"), codec.decodeRaw(bytes)));
                Map<String, Object> decoded = new LinkedHashMap<>();
                Map<String, Object> reencoded = new LinkedHashMap<>();
                long[] raw = new long[codec.signalCount()];
                codec.decodeRaw(bytes, raw);
                for (int i = 0; i < codec.signalCount(); i++) {
                    LdfSignal signal = codec.signal(i);
                    EncodingType type = ldf.encodingOf(signal.name()).orElse(null);
                    if (type == null) {
                        continue;
                    }
                    Object value = type.decode(raw[i], signal).orElse(null);
                    if (value == null) {
                        decoded.put(signal.name(), Map.of("error", true));
                        continue;
                    }
                    decoded.put(signal.name(), Map.of("value", value));
                    try {
                        long back = type.encode(value, signal);
                        reencoded.put(signal.name(), Map.of("raw", signal.array()
                                ? FrameCodec.bytesOf(back, signal.width() / 8) : (Object) back));
                    } catch (LdfCodecException e) {
                        reencoded.put(signal.name(), Map.of("error", true));
                    }
                }
                out.addAll(JsonDiff.diff(path + ".decoded", errorsAsFlags((Map<String, Object>) vector.get("decoded")),
                        decoded));
                if (vector.containsKey("reencoded_raw")) {
                    out.addAll(JsonDiff.diff(path + ".reencoded_raw",
                            errorsAsFlags((Map<String, Object>) vector.get("reencoded_raw")), reencoded));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> encodingVectors(LdfDatabase ldf, List<Map<String, Object>> vectors) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> set : vectors) {
            LdfSignal signal = ldf.requireSignal((String) set.get("signal"));
            EncodingType type = ldf.encodingType((String) set.get("encoding_type")).orElseThrow();
            String path = "encoding_vectors." + signal.name();
            for (Map<String, Object> d : (List<Map<String, Object>>) set.get("decode")) {
                long raw = rawOf(d.get("raw"));
                Object value = type.decode(raw, signal).orElse(null);
                Object expected = d.containsKey("error") ? "<error>" : d.get("value");
                out.addAll(JsonDiff.diff(path + ".decode(" + d.get("raw") + ")", expected, value == null ? "<error>" : value));
            }
            for (Map<String, Object> e : (List<Map<String, Object>>) set.get("encode")) {
                Object actual;
                try {
                    long raw = type.encode(e.get("value"), signal);
                    actual = signal.array() ? FrameCodec.bytesOf(raw, signal.width() / 8) : (Object) raw;
                } catch (LdfCodecException error) {
                    actual = "<error>";
                }
                Object expected = e.containsKey("error") ? "<error>" : e.get("raw");
                out.addAll(JsonDiff.diff(path + ".encode(" + e.get("value") + ")", expected, actual));
            }
        }
        return out;
    }

    private static List<String> diagnosticVectors(LdfDatabase ldf, List<Map<String, Object>> vectors) {
        List<String> out = new ArrayList<>();
        if (vectors == null) {
            return out;
        }
        for (Map<String, Object> v : vectors) {
            NodeAttributes node = ldf.nodeAttributes((String) v.get("node")).orElseThrow();
            String path = "diagnostic_vectors." + node.name();
            out.addAll(JsonDiff.diff(path + ".assign_nad", v.get("assign_nad"), hex(NodeConfiguration.assignNad(node).data())));
            out.addAll(JsonDiff.diff(path + ".read_by_id_product", v.get("read_by_id_product"),
                    hex(NodeConfiguration.readProductId(node).data())));
            out.addAll(JsonDiff.diff(path + ".save_configuration", v.get("save_configuration"),
                    hex(NodeConfiguration.saveConfiguration(node.configuredNad()).data())));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorsAsFlags(Map<String, Object> perSignal) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : perSignal.entrySet()) {
            Map<String, Object> value = (Map<String, Object>) e.getValue();
            out.put(e.getKey(), value.containsKey("error") ? Map.of("error", true) : value);
        }
        return out;
    }

    private static long rawOf(Object raw) {
        if (raw instanceof List) {
            long value = 0;
            List<?> bytes = (List<?>) raw;
            for (int k = 0; k < bytes.size(); k++) {
                value |= (((Number) bytes.get(k)).longValue() & 0xFF) << (8 * k);
            }
            return value;
        }
        return ((Number) raw).longValue();
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xFF));
        }
        return out.toString();
    }

    static byte[] unhex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /**
     * {@code reference-deviations.txt}: lines {@code file | path prefix | reason}; the path prefix
     * {@code parse=lenient} means the file is compared after a lenient parse.
     */
    static final class Deviations {
        private final List<String[]> entries;

        private Deviations(List<String[]> entries) {
            this.entries = entries;
        }

        static Deviations load() throws IOException {
            List<String[]> entries = new ArrayList<>();
            try (InputStream in = LdfCorpusDifferentialTest.class.getResourceAsStream("/ldf/reference-deviations.txt")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] parts = line.split("\\|", 3);
                    assertThat(parts).as("deviation line %s", line).hasSize(3);
                    assertThat(parts[2].strip()).as("reason of %s", line).isNotEmpty();
                    entries.add(new String[] {parts[0].strip(), parts[1].strip(), parts[2].strip()});
                }
            }
            return new Deviations(entries);
        }

        Set<String> files() {
            Set<String> files = new HashSet<>();
            entries.forEach(e -> files.add(e[0]));
            return files;
        }

        boolean parsesLeniently(String file) {
            return entries.stream().anyMatch(e -> e[0].equals(file) && e[1].equals("parse=lenient"));
        }

        List<String> unexplained(String file, List<String> differences) {
            List<String> out = new ArrayList<>();
            for (String difference : differences) {
                if (entries.stream().noneMatch(e -> e[0].equals(file) && difference.startsWith(e[1]))) {
                    out.add(difference);
                }
            }
            return out;
        }

        List<String> unused(String file, List<String> differences) {
            List<String> out = new ArrayList<>();
            for (String[] e : entries) {
                if (e[0].equals(file) && !e[1].equals("parse=lenient")
                        && differences.stream().noneMatch(d -> d.startsWith(e[1]))) {
                    out.add(e[1]);
                }
            }
            return out;
        }
    }
}
