package dev.benchhal.bench;

import dev.benchhal.error.ConfigException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers its line, so every later error can name the
 * file, line and key. Built from Jackson's streaming parser; Jackson stays inside this class.
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
     * @param factory JSON or YAML factory
     * @param file    file name for errors
     * @param text    the document
     * @return the root value
     * @throws ConfigException naming file, line and column for a syntax error, and both lines for a duplicate key
     */
    static Located parse(TokenStreamFactory factory, String file, String text) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new MapNode(1, Map.of());
            }
            Located root = read(p, t, file, "");
            if (p.nextToken() != null) {
                throw new ConfigException(file, line(p), null, "expected one document, found more content", null);
            }
            return root;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            String msg = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage().split("\n")[0];
            if (msg.contains("mapping values are not allowed")) {
                // the usual cause in bench files: an unquoted URI that ends in ':' (local:)
                msg += "; quote values that contain ': ' or end in ':', e.g. rig: \"local:\"";
            }
            throw new ConfigException(file, Math.max(line, 0), null,
                    "not valid " + factory.getFormatName() + (col > 0 ? " (column " + col + ")" : "") + ": " + msg, e);
        }
    }

    private static Located read(JsonParser p, JsonToken t, String file, String path) {
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
                    Located value = read(p, p.nextToken(), file, childPath);
                    entries.put(key, new Entry(key, keyLine, value));
                }
                return new MapNode(line, entries);
            }
            case START_ARRAY -> {
                List<Located> items = new ArrayList<>();
                JsonToken i;
                int index = 0;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, i, file, path + "[" + index++ + "]"));
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
