package dev.benchhal.harness.fabric;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's lab INI file, read as it is so a lab migrates without rewriting it: {@code [machine.NAME]} sections
 * (one per host: {@code host} or {@code ip}, {@code user}, {@code port}, {@code usb = local|remote}, {@code python},
 * ...), the {@code [fabric]} section ({@code fabric_id}, {@code concentrator} naming a machine) and
 * {@code [fabric.rrh.NAME]} sections that bind or override a radio head ({@code acroname_serial},
 * {@code acroname_port}, {@code patch_panel}, {@code module_serial}, {@code pcie_address}, {@code width},
 * {@code speed}). The syntax is Python's {@code configparser}: {@code key = value} or {@code key: value}, keys in any
 * case, full-line comments with {@code #} or {@code ;}, indented continuation lines, and a {@code [DEFAULT]} section
 * whose keys every section inherits. Keys this reader does not use are kept and ignored (the seed's files carry more
 * than the fabric needs); the keys it uses are checked, and an error names the file, the line and the key.
 *
 * <p>Immutable and thread-safe.
 */
public final class LabIni {

    /** Lab files are small; a larger one is refused before it is read. */
    public static final int MAX_BYTES = 1 << 20;

    private static final Pattern SECTION = Pattern.compile("\\[([^\\]]+)]\\s*");
    private static final Pattern ENTRY = Pattern.compile("([^=:\\s][^=:]*?)\\s*[=:]\\s*(.*)");

    /** A value with the line it came from. */
    record Value(String text, int line) {
    }

    /** A section: its values by lower-case key, in file order, and the line of its header. */
    record Section(String name, int line, Map<String, Value> values) {
    }

    private final String name;
    private final Path file;
    private final Map<String, Section> sections;

    private LabIni(String name, Path file, Map<String, Section> sections) {
        this.name = name;
        this.file = file;
        this.sections = sections;
    }

    /**
     * Reads a lab INI file.
     *
     * @param file the file
     * @return the parsed file
     * @throws NotFoundException when it does not exist
     * @throws ConfigException   when it is too large, not UTF-8, or not INI (naming the line)
     */
    public static LabIni load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file.toString(), "larger than " + MAX_BYTES + " bytes: not a lab INI file");
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return parse(text, file.toString(), file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(file.toString(), "no such lab INI file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), "not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses lab INI text.
     *
     * @param text the text
     * @param name the file's name, for messages
     * @param file the file, relative paths in it resolve against its directory
     * @return the parsed file
     * @throws ConfigException naming the line that is not INI
     */
    public static LabIni parse(String text, String name, Path file) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Map<String, Value> defaults = new LinkedHashMap<>();
        Map<String, Value> current = null;
        String lastKey = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && current != null && lastKey != null) {
                Value before = current.get(lastKey);
                current.put(lastKey, new Value(before.text().isEmpty() ? stripped : before.text() + "\n" + stripped, before.line()));
                continue;
            }
            Matcher section = SECTION.matcher(stripped);
            if (section.matches()) {
                String sectionName = section.group(1).strip();
                if (sectionName.equals("DEFAULT")) {
                    current = defaults;
                } else {
                    if (sections.containsKey(sectionName)) {
                        throw new ConfigException(name, number, sectionName, "section [" + sectionName
                                + "] appears twice (first on line " + sections.get(sectionName).line() + ")", null);
                    }
                    current = new LinkedHashMap<>();
                    sections.put(sectionName, new Section(sectionName, number, current));
                }
                lastKey = null;
                continue;
            }
            Matcher entry = ENTRY.matcher(stripped);
            if (current == null) {
                throw new ConfigException(name, number, null, "a value before the first [section]: \"" + stripped + "\"", null);
            }
            if (!entry.matches()) {
                throw new ConfigException(name, number, null, "expected key = value or a [section], got \"" + stripped + "\"", null);
            }
            lastKey = entry.group(1).strip().toLowerCase(Locale.ROOT);
            current.put(lastKey, new Value(entry.group(2).strip(), number));
        }
        Map<String, Section> merged = new LinkedHashMap<>();
        for (Section s : sections.values()) {
            Map<String, Value> values = new LinkedHashMap<>(defaults);
            values.putAll(s.values());
            merged.put(s.name(), new Section(s.name(), s.line(), Collections.unmodifiableMap(values)));
        }
        return new LabIni(name, file, Collections.unmodifiableMap(merged));
    }

    /** @return the file's name, for messages */
    public String name() {
        return name;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the section names, in file order */
    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /**
     * @return the machines ({@code [machine.NAME]}), in file order
     * @throws ConfigException naming the section and key that is malformed
     */
    public List<LabMachine> machines() {
        List<LabMachine> out = new ArrayList<>();
        for (Section s : sections.values()) {
            if (s.name().startsWith("machine.")) {
                out.add(LabMachine.from(this, s));
            }
        }
        return out;
    }

    /**
     * @param machine a machine's name
     * @return that machine
     * @throws ConfigException when there is no such {@code [machine.NAME]} section
     */
    public LabMachine machine(String machine) {
        Section s = sections.get("machine." + machine);
        if (s == null) {
            throw new ConfigException(name, "no section [machine." + machine + "]; machines: "
                    + machines().stream().map(LabMachine::name).toList());
        }
        return LabMachine.from(this, s);
    }

    /** @return the fabric's id ({@code [fabric] fabric_id}), if given */
    public Optional<String> fabricId() {
        return value("fabric", "fabric_id");
    }

    /** @return the concentrator's machine ({@code [fabric] concentrator}), if given */
    public Optional<String> concentrator() {
        return value("fabric", "concentrator");
    }

    /**
     * @return the radio heads the file binds or overrides ({@code [fabric.rrh.NAME]}), in file order; every field
     *         the file leaves out is left empty
     * @throws ConfigException naming the section and key that is malformed
     */
    public List<RrhBinding.Partial> radioHeads() {
        List<RrhBinding.Partial> out = new ArrayList<>();
        for (Section s : sections.values()) {
            if (s.name().startsWith("fabric.rrh.")) {
                out.add(RrhBinding.Partial.fromIni(this, s));
            }
        }
        return out;
    }

    /**
     * @param section a section's name
     * @param key     a key, lower case
     * @return its value, empty when the section or key is absent or the value is empty
     */
    public Optional<String> value(String section, String key) {
        Section s = sections.get(section);
        Value v = s == null ? null : s.values().get(key);
        return v == null || v.text().isEmpty() ? Optional.empty() : Optional.of(v.text());
    }

    /** @return an error naming the line and key of a value */
    ConfigException error(Section section, String key, String detail) {
        Value v = section.values().get(key);
        return new ConfigException(name, v == null ? section.line() : v.line(), "[" + section.name() + "] " + key, detail, null);
    }

    /** @return the first of some keys (aliases) that has a value, with the key it came from */
    static Optional<Map.Entry<String, String>> first(Section section, String... keys) {
        for (String key : keys) {
            Value v = section.values().get(key);
            if (v != null && !v.text().isEmpty()) {
                return Optional.of(Map.entry(key, v.text()));
            }
        }
        return Optional.empty();
    }

    /** @return a whole number in a range, or empty when none of the keys is there */
    Optional<Integer> integer(Section section, int min, int max, String... keys) {
        Optional<Map.Entry<String, String>> found = first(section, keys);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(found.get().getValue());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(section, found.get().getKey(), "expected a whole number from " + min + " to " + max + ", got \""
                + found.get().getValue() + "\"");
    }

    @Override
    public String toString() {
        return name;
    }
}
