package dev.benchhal.core.bench;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.util.Durations;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A configuration file of the project's own (YAML, or JSON by its {@code .json} extension) read the way bench files
 * are: every value remembers its line, so every error names the file, the line and the key, as in
 * {@code lab.yaml line 7 (specs[2].coverage): expected one of [each-board, each-board-type, once], got "every"}.
 * For files that modules define (the lab file, fabric files); bench files have {@link BenchFiles}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigFile {

    /** Configuration files are small; a larger one is refused before it is read or parsed. */
    public static final int MAX_BYTES = 1 << 20;

    private final String name;
    private final Path directory;
    private final Node root;

    private ConfigFile(String name, Path directory, Located root) {
        this.name = name;
        this.directory = directory;
        this.root = new Node(this, "", root);
    }

    /**
     * Reads and parses a file.
     *
     * @param file the file; {@code .json} is JSON, anything else YAML
     * @return the parsed file
     * @throws NotFoundException when the file does not exist
     * @throws ConfigException   when it is too large, not UTF-8, or not valid YAML/JSON (with line and column)
     */
    public static ConfigFile load(Path file) {
        return load(file, "file");
    }

    /**
     * Reads and parses a file.
     *
     * @param file the file; {@code .json} is JSON, anything else YAML
     * @param what what the file is, for errors: {@code lab file}
     * @return the parsed file
     * @throws NotFoundException naming {@code what} when the file does not exist
     * @throws ConfigException   when it is too large, not UTF-8, or not valid YAML/JSON (with line and column)
     */
    public static ConfigFile load(Path file, String what) {
        Path dir = file.toAbsolutePath().getParent();
        return parse(readText(file, what), file.toString(), dir == null ? Path.of("").toAbsolutePath() : dir);
    }

    /**
     * Parses text.
     *
     * @param text      the document
     * @param name      the file name for errors; {@code .json} selects JSON, else YAML
     * @param directory where relative paths in the file resolve
     * @return the parsed file
     * @throws ConfigException when it is too large or not valid YAML/JSON
     */
    public static ConfigFile parse(String text, String name, Path directory) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(name, 0, null, "is larger than 1 MiB; a configuration file is at most 1 MiB", null);
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new ConfigFile(name, directory, Located.parse(name, body, name.toLowerCase(Locale.ROOT).endsWith(".json")));
    }

    /** Reads a configuration file's text: at most {@link #MAX_BYTES}, UTF-8. */
    static String readText(Path file, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file.toString(), 0, null, "is " + size + " bytes; a " + what + " is at most 1 MiB", null);
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new NotFoundException(file.toString(), what + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 0, null, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot read: " + e, e);
        }
    }

    /** @return the file name, as errors give it */
    public String name() {
        return name;
    }

    /** @return the directory relative paths in the file resolve against */
    public Path directory() {
        return directory;
    }

    /** @return the document's root value */
    public Node root() {
        return root;
    }

    /** One value of the file, with its place: typed reads that fail with the file, line and key. */
    public static final class Node {
        private final ConfigFile file;
        private final String path;
        private final Located value;

        private Node(ConfigFile file, String path, Located value) {
            this.file = file;
            this.path = path;
            this.value = value;
        }

        /** @return where the value is: {@code specs[2].coverage}; empty for the root */
        public String path() {
            return path;
        }

        /** @return the value's line, 1-based */
        public int line() {
            return value.line();
        }

        /** @return whether the value is missing or null */
        public boolean isNull() {
            return value instanceof Located.Scalar s && s.value() == null;
        }

        /**
         * An error at this value.
         *
         * @param detail what was expected and what came
         * @return the error, to throw
         */
        public ConfigException error(String detail) {
            return new ConfigException(file.name, value.line(), path.isEmpty() ? null : path, detail, null);
        }

        /**
         * The keys of a map, checked against the keys allowed.
         *
         * @param allowed the keys the map may have
         * @return the entries, in file order
         * @throws ConfigException when this is not a map or has a key not allowed
         */
        public Map<String, Node> map(Set<String> allowed) {
            if (!(value instanceof Located.MapNode m)) {
                throw error("expected a map, got " + value.kind());
            }
            Map<String, Node> entries = new LinkedHashMap<>();
            for (Located.Entry e : m.entries().values()) {
                String childPath = path.isEmpty() ? e.key() : path + "." + e.key();
                if (!allowed.contains(e.key())) {
                    throw new ConfigException(file.name, e.line(), childPath, "unknown key \"" + e.key() + "\"; expected one of "
                            + new TreeSet<>(allowed), null);
                }
                entries.put(e.key(), new Node(file, childPath, e.value()));
            }
            return entries;
        }

        /** @return whether this value is a list */
        public boolean isList() {
            return value instanceof Located.ListNode;
        }

        /**
         * @return the entries of a map whose keys are data, not names (addresses, labels), in file order
         * @throws ConfigException when this is not a map
         */
        public Map<String, Node> entries() {
            if (!(value instanceof Located.MapNode m)) {
                throw error("expected a map, got " + value.kind());
            }
            Map<String, Node> entries = new LinkedHashMap<>();
            for (Located.Entry e : m.entries().values()) {
                entries.put(e.key(), new Node(file, path.isEmpty() ? e.key() : path + "." + e.key(), e.value()));
            }
            return entries;
        }

        /**
         * @return the items of a list
         * @throws ConfigException when this is not a list
         */
        public List<Node> list() {
            if (!(value instanceof Located.ListNode l)) {
                throw error("expected a list, got " + value.kind());
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                items.add(new Node(file, path + "[" + i + "]", l.items().get(i)));
            }
            return items;
        }

        /**
         * @return a single value as text (numbers and booleans as written)
         * @throws ConfigException when this is a map, a list or null
         */
        public String text() {
            if (!(value instanceof Located.Scalar s) || s.value() == null) {
                throw error("expected a single value, got " + value.kind());
            }
            return s.text();
        }

        /**
         * @return a list of single values as text
         * @throws ConfigException when this is not a list of single values
         */
        public List<String> texts() {
            return list().stream().map(Node::text).toList();
        }

        /**
         * @return a whole number
         * @throws ConfigException when this is not one
         */
        public long integer() {
            String text = text();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("expected a whole number, got \"" + text + "\"");
            }
        }

        /**
         * @return a duration such as {@code 90s}, {@code 4m}, {@code 250ms}
         * @throws ConfigException when this is not one
         */
        public Duration duration() {
            try {
                return Durations.parse(text());
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        /**
         * @param mustExist whether the path must exist now
         * @return a path, resolved against the file's directory when relative
         * @throws ConfigException when this is not a single value
         */
        public Path path(boolean mustExist) {
            Path p = file.directory.resolve(text());
            if (mustExist && !Files.exists(p)) {
                throw error("no such file or directory: " + p);
            }
            return p;
        }

        /**
         * @param <E>    the enum
         * @param values the enum's values; written in the file in lower case with '-' for '_'
         * @return the value named
         * @throws ConfigException naming the choices when none fits
         */
        public <E extends Enum<E>> E choice(E[] values) {
            String text = text();
            List<String> names = new ArrayList<>();
            for (E e : values) {
                String written = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
                if (written.equals(text)) {
                    return e;
                }
                names.add(written);
            }
            throw error("expected one of " + new TreeSet<>(names) + ", got \"" + text + "\"");
        }

        /**
         * @param entries a map's entries, from {@link #map(Set)}
         * @param key     the key
         * @return the entry's value, or empty when the key is missing or null
         */
        public static Optional<Node> optional(Map<String, Node> entries, String key) {
            Node n = entries.get(key);
            return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
        }

        /**
         * @param entries a map's entries, from {@link #map(Set)}
         * @param key     the key
         * @return the entry's value
         * @throws ConfigException naming the key when it is missing or null
         */
        public Node required(Map<String, Node> entries, String key) {
            return optional(entries, key).orElseThrow(() -> error("missing key \"" + key + "\""));
        }

        @Override
        public String toString() {
            return file.name + " line " + value.line() + (path.isEmpty() ? "" : " (" + path + ")");
        }
    }
}
