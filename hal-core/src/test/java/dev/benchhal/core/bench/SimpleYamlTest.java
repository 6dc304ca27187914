package dev.benchhal.core.bench;

import dev.benchhal.error.ConfigException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SimpleYaml} gives what the full reader (Jackson and SnakeYAML) gives, lines and value types included, for
 * every document it accepts, and declines the rest: on the project's own YAML files and on a generated corpus that
 * mixes the simple shape with everything around it.
 */
class SimpleYamlTest {

    /** The project's root: the module's parent. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void theProjectsOwnFilesReadTheSameBothWaysAndTheBenchFilesTakeTheSimpleWay() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(ROOT)) {
            files = all.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/")
                            && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Located simple = SimpleYaml.read(text);
            if (simple != null) {
                assertThat(describe(simple)).as(file.toString()).isEqualTo(describe(Located.parseFully(file.toString(), text, false)));
            }
        }
        for (String bench : List.of("examples/consumer/bench.yaml", "examples/ecu-lin-tests/bench.yaml",
                "hal-cli/src/main/resources/demo-bench.yaml")) {
            assertThat(SimpleYaml.read(Files.readString(ROOT.resolve(bench)))).as(bench).isNotNull();
        }
    }

    @Test
    void scalarsAreTypedAsTheFullReaderTypesThem() {
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("1", 1);
        expected.put("-0", 0);
        expected.put("2147483647", 2147483647);
        expected.put("2147483648", 2147483648L);
        expected.put("-9223372036854775808", Long.MIN_VALUE);
        expected.put("9223372036854775808", new BigInteger("9223372036854775808"));
        expected.put("13.5", 13.5);
        expected.put("1.", 1.0);
        expected.put("null", null);
        expected.put("true", true);
        expected.put("false", false);
        expected.put("True", "True");
        expected.put("Null", "Null");
        expected.put("~", "~");
        expected.put("012", "012");
        expected.put("+1", "+1");
        expected.put("0,1", "0,1");
        expected.put("\"13.5\"", "13.5");
        expected.put("'null'", "null");
        expected.put("0000:01:00.0", "0000:01:00.0");
        expected.put("owon:sim:SPE6103", "owon:sim:SPE6103");
        expected.put("a b   # a comment", "a b");
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            String doc = "key: " + e.getKey() + "\n";
            Located simple = SimpleYaml.read(doc);
            assertThat(simple).as(doc).isNotNull();
            Object value = ((Located.Scalar) ((Located.MapNode) simple).entries().get("key").value()).value();
            assertThat(value).as(doc).isEqualTo(e.getValue());
            assertThat(describe(simple)).as(doc).isEqualTo(describe(Located.parseFully("t.yaml", doc, false)));
        }
    }

    @Test
    void everythingOutsideTheSimpleShapeIsLeftToTheFullReader() {
        for (String doc : List.of(
                "a: &x 1\nb: *x\n",                 // anchors and aliases
                "a: !!str 1\n",                     // tags
                "a: |\n  text\n",                   // block scalars
                "a: >\n  text\n",
                "a:\tb\n",                          // tabs
                "a: 1\na: 2\n",                     // a duplicate key: the full reader names both lines
                "a:\nb: 1\n",                       // an empty value
                "a: one\n  two\n",                  // a value over two lines
                "a: \"line\\n\"\n",                 // escapes
                "a: 'it''s'\n",
                "---\na: 1\n",                      // document markers
                "a: 1\n...\n",
                "base: {x: 1}\nb:\n  <<: {y: 2}\n", // merge keys
                "a: [1,\n  2]\n",                   // a flow collection over two lines
                "a: 1e3\n",                         // exponents, and .inf, .nan
                "a: .nan\n",
                "a: b: c\n",                        // not valid YAML
                "a:\n  - b: 1\n",                   // a mapping in a sequence
                "a:\n- 1\n",                        // a sequence at its key's indentation
                "\"a\": 1\n",                       // quoted keys
                "a: {b: 1,}\n",                     // a trailing comma
                "a: \"x\" y\n",
                "a: 1\r2: 3\n",                     // a line break other than \n and \r\n
                "",                                 // no content: the full reader's empty map
                "# only a comment\n")) {
            assertThat(SimpleYaml.read(doc)).as(doc).isNull();
        }
    }

    @Test
    void aGeneratedCorpusReadsTheSameBothWaysWheneverTheSimpleReaderAcceptsIt() {
        Random random = new Random(20261130L);
        int accepted = 0;
        int declined = 0;
        for (int n = 0; n < 4000; n++) {
            String doc = new Generator(random).document();
            Located simple = SimpleYaml.read(doc);
            if (simple == null) {
                declined++;
                continue;
            }
            accepted++;
            String full;
            try {
                full = describe(Located.parseFully("generated.yaml", doc, false));
            } catch (ConfigException e) {
                full = "rejected: " + e.getMessage();
            }
            assertThat(describe(simple)).as("document %d:%n%s", n, doc).isEqualTo(full);
        }
        // both ways are taken often: the corpus tests the comparison, not only one side of it
        assertThat(accepted).isGreaterThan(1000);
        assertThat(declined).isGreaterThan(1000);
    }

    /** The value as text with every line, key order and value type: records compare maps without their order. */
    static String describe(Located node) {
        if (node instanceof Located.MapNode m) {
            StringBuilder b = new StringBuilder("map@" + m.line() + "{");
            for (Located.Entry e : m.entries().values()) {
                b.append(e.key()).append('@').append(e.line()).append('=').append(describe(e.value())).append(", ");
            }
            return b.append('}').toString();
        }
        if (node instanceof Located.ListNode l) {
            StringBuilder b = new StringBuilder("list@" + l.line() + "[");
            for (Located item : l.items()) {
                b.append(describe(item)).append(", ");
            }
            return b.append(']').toString();
        }
        Object value = ((Located.Scalar) node).value();
        return "scalar@" + node.line() + ":" + (value == null ? "null" : value.getClass().getSimpleName() + ":" + value);
    }

    /** Documents of the simple shape, with now and then something the simple reader must not take for it. */
    private static final class Generator {
        private static final String[] KEYS = {"a", "b", "name", "lin", "psu", "x_y", "radio-1", "v1.2", "1", "true",
            "null", "ports", "é"};
        private static final String[] ODD_KEYS = {"<<", "a b", "'q'", "k:x", "-k", "\"k\"", "? k"};
        private static final String[] SCALARS = {"1", "-1", "0", "-0", "007", "42", "2147483648", "-2147483649",
            "9223372036854775808", "13.5", "-0.25", "1.", "2.50", "+1", "null", "Null", "NULL", "~", "true", "false",
            "True", "yes", "on", "text", "two words", "a:b", "http://h/p?q=1&r=2", "0000:01:00.0", "0,1,2", "x[0]",
            "\"q\"", "\"\"", "\"a: b # c\"", "'single'", "''", "é", "owon:sim:SPE6103",
            "lin-mock:?ldf=ldf/alm.ldf&models=ALM_Node:alm", "a,b", "x]", "$HOME", "1.2.3", "5s", "-3x"};
        private static final String[] ODD_SCALARS = {"1e3", "1.5E-3", ".5", "-.5", ".inf", ".nan", "a: b", "ends:", "a #c",
            "a#b", "{a}", "\"back\\\\slash\"", "'it''s'", "&anchor v", "*alias", "!tag v", "|", ">", "%x", "@x",
            "`x`", "-", "- x", "-x", "?x", ":x", "trailing  ", "[a", "\"open", "a\tb"};
        private final boolean odd;
        private final Random random;
        private final StringBuilder out = new StringBuilder();
        private final String newline;

        Generator(Random random) {
            this.random = random;
            this.newline = random.nextInt(10) == 0 ? "\r\n" : "\n";
            this.odd = random.nextInt(5) < 2; // two in five documents have something odd somewhere
        }

        String document() {
            if (random.nextInt(8) == 0) {
                line(0, "# a comment");
            }
            mapping(0, 0);
            return out.toString();
        }

        private void mapping(int indent, int depth) {
            int entries = 1 + random.nextInt(4);
            for (int i = 0; i < entries; i++) {
                String key = odd(6) ? pick(ODD_KEYS) : random.nextInt(3) == 0 ? pick(KEYS) : "k" + i;
                int shape = random.nextInt(depth >= 3 ? 3 : 6);
                if (shape < 3) {
                    line(indent, key + ":" + (odd(10) ? "" : " ") + value(depth) + comment());
                } else if (shape == 3) {
                    line(indent, key + ":" + comment());
                    mapping(indent + child(), depth + 1);
                } else if (shape == 4) {
                    line(indent, key + ":");
                    sequence(indent + child(), depth + 1);
                } else {
                    line(indent, key + ":");
                    if (random.nextInt(4) == 0) {
                        line(0, "");
                        line(random.nextInt(4), "# between");
                    }
                    mapping(indent + child(), depth + 1);
                }
            }
        }

        private void sequence(int indent, int depth) {
            int items = 1 + random.nextInt(3);
            for (int i = 0; i < items; i++) {
                line(indent, "- " + value(depth) + comment());
            }
        }

        private int child() {
            if (odd(6)) {
                return random.nextInt(2); // at its key's indentation, or one space
            }
            return random.nextInt(3) == 0 ? 4 : 2;
        }

        private String value(int depth) {
            int r = random.nextInt(depth >= 3 ? 6 : 9);
            if (r < 6) {
                return scalar();
            }
            return flow(depth + 1);
        }

        private String flow(int depth) {
            boolean map = random.nextBoolean();
            StringBuilder b = new StringBuilder(map ? "{" : "[");
            b.append(random.nextBoolean() ? " " : "");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(odd(8) ? "," : ", ");
                }
                if (map) {
                    b.append(odd(6) ? pick(ODD_KEYS) : "f" + i).append(odd(8) ? ":" : ": ");
                }
                b.append(depth < 3 && random.nextInt(5) == 0 ? flow(depth + 1) : scalar());
            }
            if (odd(8)) {
                b.append(',');
            }
            b.append(random.nextBoolean() ? " " : "").append(map ? "}" : "]");
            return b.toString();
        }

        private String comment() {
            int r = random.nextInt(10);
            return r == 0 ? "  # note" : r == 1 ? " #tight" : r == 2 && odd(1) ? "#glued" : "";
        }

        private void line(int indent, String content) {
            out.append(" ".repeat(indent)).append(content).append(random.nextInt(20) == 0 ? "  " : "").append(newline);
        }

        private String scalar() {
            return odd(4) ? pick(ODD_SCALARS) : pick(SCALARS);
        }

        /** @return in an odd document, true one time in {@code n} */
        private boolean odd(int n) {
            return odd && random.nextInt(n) == 0;
        }

        private String pick(String[] from) {
            return from[random.nextInt(from.length)];
        }
    }
}
