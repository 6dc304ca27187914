package dev.benchhal.core.bench;

import dev.benchhal.error.ConfigException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers its line, so every later error can name the
 * file, line and key. Built from Jackson's streaming parser (with SnakeYAML for YAML), or for YAML of the usual shape
 * by {@link SimpleYaml}, which gives the same; Jackson stays inside this class.
 */
sealed interface Located {

    int line();

    /** @return a short name of the kind for errors: "a map", "a list", "text"... */
    String kind();

    /** A mapping; keys in file order. */
    record MapNode(int line, Map<String, Entry> entries) implements Located {
        @Override
        public String kind() {
            return "a map";
        }
    }

    /** One key of a mapping, with the line of the key. */
    record Entry(String key, int line, Located value) {
    }

    /** A sequence. */
    record ListNode(int line, List<Located> items) implements Located {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar: its plain Java value (String, Long, Double, BigInteger/BigDecimal, Boolean or null). */
    record Scalar(int line, Object value) implements Located {
        @Override
        public String kind() {
            return value == null ? "null" : value instanceof String ? "text" : value instanceof Boolean ? "a boolean" : "a number";
        }

        String text() {
            return value == null ? "" : value.toString();
        }
    }

    /**
     * Parses a whole document.
     *
     * @param file file name for errors
     * @param text the document
     * @param json whether it is JSON, else YAML
     * @return the root value
     * @throws ConfigException naming file, line and column for a syntax error, and both lines for a duplicate key
     */
    static Located parse(String file, String text, boolean json) {
        if (!json) {
            Located simple = SimpleYaml.read(text); // the usual shape, without SnakeYAML's cold start; null for the rest
            if (simple != null) {
                return simple;
            }
        }
        return parseFully(file, text, json);
    }

    /**
     * Parses a whole document with Jackson (and SnakeYAML for YAML), whatever its shape: {@link #parse} without
     * {@link SimpleYaml}.
     *
     * @param file file name for errors
     * @param text the document
     * @param json whether it is JSON, else YAML
     * @return the root value
     * @throws ConfigException as {@link #parse} does
     */
    static Located parseFully(String file, String text, boolean json) {
        TokenStreamFactory factory = json ? new JsonFactory() : new YAMLFactory();
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new MapNode(1, Map.of());
            }
            Located root = new Reader(p, file, text).read(t, "");
            if (p.nextToken() != null) {
                throw new ConfigException(file, line(p), null, "expected one document, found more content", null);
            }
            return root;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            String original = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
            String msg = original.split("\n", -1)[0];
            // SnakeYAML says "while scanning X" first and the problem after it, with the problem's own place:
            // report the problem and its line (a tab on line 3 is not an error of line 2)
            java.util.regex.Matcher problem = Syntax.PROBLEM.matcher(original);
            if (problem.find()) {
                msg = problem.group(1).strip() + " (" + msg + ")";
                line = Integer.parseInt(problem.group(2));
                col = Integer.parseInt(problem.group(3));
            }
            if (msg.contains("mapping values are not allowed")) {
                // the usual cause in bench files: an unquoted URI that ends in ':' (local:)
                msg += "; quote values that contain ': ' or end in ':', e.g. rig: \"local:\"";
            }
            throw new ConfigException(file, Math.max(line, 0), null,
                    "not valid " + factory.getFormatName() + (col > 0 ? " (column " + col + ")" : "") + ": " + msg, e);
        }
    }

    /**
     * The regular expressions for errors and anchors, compiled when first needed: most files have neither, and each
     * costs milliseconds in a process that just started ({@code benchhal bench}, benchmarks/startup).
     */
    final class Syntax {
        /** SnakeYAML's problem line and the place it names: {@code found character ...\n in reader, line 3, column 1:}. */
        static final java.util.regex.Pattern PROBLEM = java.util.regex.Pattern.compile(
                "\n(found [^\n]*|[^\n]*(?:tab|TAB)[^\n]*)\n in [^,\n]*, line (\\d+), column (\\d+)");
        /** A node's properties where its text starts: an optional tag, then the anchor. */
        static final java.util.regex.Pattern ANCHOR = java.util.regex.Pattern.compile("(?:![^\\s]*\\s+)?&([^\\s,\\[\\]{}]+)");

        private Syntax() {
        }
    }

    /**
     * Reads values from the parser, resolving YAML anchors ({@code &name}), aliases ({@code *name}) and
     * merge keys ({@code <<: *name}), so an alias is never read as the anchor's name.
     */
    final class Reader {
        private final JsonParser p;
        private final String file;
        private final String text;
        private final Map<String, Located> anchors = new java.util.HashMap<>();

        Reader(JsonParser p, String file, String text) {
            this.p = p;
            this.file = file;
            this.text = text;
        }

        /** The anchor of the current node: Jackson gives it for maps and lists; for scalars it is read at the node's start. */
        private String anchor() {
            if (!(p instanceof tools.jackson.dataformat.yaml.YAMLParser)) {
                return null;
            }
            Object id = p.getObjectId();
            if (id != null) {
                return id.toString();
            }
            long at = p.currentTokenLocation().getCharOffset();
            if (at >= 0 && at < text.length() && (text.charAt((int) at) == '&' || text.charAt((int) at) == '!')) {
                java.util.regex.Matcher m = Syntax.ANCHOR.matcher(text).region((int) at, text.length());
                if (m.lookingAt()) {
                    return m.group(1);
                }
            }
            return null;
        }

        Located read(JsonToken t, String path) {
            if (p instanceof tools.jackson.dataformat.yaml.YAMLParser yaml && yaml.isCurrentAlias()) {
                String name = p.getString();
                Located target = anchors.get(name);
                if (target == null) {
                    throw new ConfigException(file, line(p), path, "alias *" + name + " names no anchor &" + name
                            + " before it", null);
                }
                return target;
            }
            String anchor = anchor();
            Located value = readValue(t, path);
            if (anchor != null) {
                anchors.put(anchor, value);
            }
            return value;
        }

        private Located readValue(JsonToken t, String path) {
            if (t == JsonToken.START_OBJECT) {
                int line = line(p);
                Map<String, Entry> entries = new LinkedHashMap<>();
                List<MapNode> merged = new ArrayList<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Located value = read(p.nextToken(), childPath);
                    if (key.equals("<<") && p instanceof tools.jackson.dataformat.yaml.YAMLParser) {
                        // YAML merge key: the named map's entries, unless this map gives them itself
                        if (value instanceof MapNode m) {
                            merged.add(m);
                        } else if (value instanceof ListNode l && l.items().stream().allMatch(i -> i instanceof MapNode)) {
                            l.items().forEach(i -> merged.add((MapNode) i));
                        } else {
                            throw new ConfigException(file, keyLine, childPath, "a merge key (<<) takes a map or a list of maps, "
                                    + "not " + value.kind(), null);
                        }
                        continue;
                    }
                    Entry before = entries.get(key);
                    if (before != null) {
                        throw new ConfigException(file, keyLine, childPath, "duplicate key \"" + key
                                + "\" (first at line " + before.line() + ")", null);
                    }
                    entries.put(key, new Entry(key, keyLine, value));
                }
                for (MapNode m : merged) {
                    m.entries().forEach(entries::putIfAbsent);
                }
                return new MapNode(line, entries);
            }
            return Located.read(p, t, file, path, this);
        }
    }

    private static Located read(JsonParser p, JsonToken t, String file, String path, Reader reader) {
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Entry before = entries.get(key);
                    if (before != null) {
                        throw new ConfigException(file, keyLine, childPath, "duplicate key \"" + key
                                + "\" (first at line " + before.line() + ")", null);
                    }
                    Located value = reader.read(p.nextToken(), childPath);
                    entries.put(key, new Entry(key, keyLine, value));
                }
                return new MapNode(line, entries);
            }
            case START_ARRAY -> {
                List<Located> items = new ArrayList<>();
                JsonToken i;
                int index = 0;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(reader.read(i, path + "[" + index++ + "]"));
                }
                return new ListNode(line, items);
            }
            case VALUE_STRING -> {
                return new Scalar(line, p.getString());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(line, p.getNumberValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(line, p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return new Scalar(line, null);
            }
            default -> throw new ConfigException(file, line, path, "unexpected " + t, null);
        }
    }

    private static int line(JsonParser p) {
        return Math.max(p.currentTokenLocation().getLineNr(), 0);
    }

    /**
     * @param node a value
     * @return it as plain Java values: {@code Map<String,Object>}, {@code List<Object>}, scalars
     */
    static Object plain(Located node) {
        if (node instanceof MapNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, plain(e.value())));
            return java.util.Collections.unmodifiableMap(out);
        }
        if (node instanceof ListNode l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(plain(i)));
            return java.util.Collections.unmodifiableList(out);
        }
        return ((Scalar) node).value();
    }
}
