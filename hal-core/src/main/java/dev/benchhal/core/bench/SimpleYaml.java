package dev.benchhal.core.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the shape most configuration files have: block mappings and sequences indented with spaces, one entry
 * a line, flow mappings and sequences within one line, plain scalars and quoted ones without escapes, comments. It
 * gives what {@link Located#parse} gives through Jackson and SnakeYAML for the same text, lines included, or
 * {@code null} when the text leaves that shape in any way (anchors, aliases, tags, block scalars, values over several
 * lines, escapes, tabs, duplicate keys, empty values, anything unusual or wrong): then SnakeYAML reads it, and its
 * errors are the only errors. {@code SimpleYamlTest} holds the two readers equal on every document of a generated
 * corpus that this one accepts, and on the project's own files.
 *
 * <p>Why it exists: in a process that has just started, SnakeYAML's set-up and first parse run cold for 15 to 20 ms,
 * half the start of a bare JVM ({@code benchhal bench}, benchmarks/startup); this takes a fraction of a millisecond.
 * It has no regular expression and no lambda, whose first uses cost milliseconds there too.
 *
 * <p>Scalars are typed as the full reader types them (YAML's JSON schema, as Jackson applies it): {@code null};
 * {@code true} and {@code false}; integers as {@link Integer}, {@link Long} or {@link BigInteger} by size; decimals as
 * {@link Double}; everything else, and every quoted scalar, as text. Thread-safe (no state outside a call).
 */
final class SimpleYaml {

    /** Thrown to give up (no stack trace: it is cheap); never leaves this class. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Decline() {
            super(null, null, false, false);
        }
    }

    /** One line with content: its 1-based number, its indentation and what follows it. */
    private record Line(int number, int indent, String content) {
        boolean isItem() {
            return content.startsWith("- ") || content.equals("-");
        }
    }

    private final List<Line> lines;
    private int next;

    private SimpleYaml(List<Line> lines) {
        this.lines = lines;
    }

    /**
     * @param text the document, without a byte-order mark
     * @return its root value, or {@code null} when the text is not of the simple shape (the full reader reads it)
     */
    static Located read(String text) {
        try {
            List<Line> lines = lines(text);
            if (lines.isEmpty()) {
                return null;
            }
            SimpleYaml reader = new SimpleYaml(lines);
            Located root = reader.block(lines.get(0).indent());
            return reader.next == lines.size() ? root : null;
        } catch (Decline d) {
            return null;
        }
    }

    /** The lines with content, comment lines and blank lines left out; declines characters it does not handle. */
    private static List<Line> lines(String text) {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (int start = 0; start < text.length(); ) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            number++;
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end; // CRLF, as one line break
            int indent = start;
            while (indent < stop && text.charAt(indent) == ' ') {
                indent++;
            }
            for (int i = indent; i < stop; i++) {
                if (!plainCharacter(text.charAt(i))) {
                    throw new Decline(); // tabs, control characters, other line breaks, surrogates
                }
            }
            int last = stop;
            while (last > indent && text.charAt(last - 1) == ' ') {
                last--;
            }
            if (last > indent && text.charAt(indent) != '#') {
                lines.add(new Line(number, indent - start, text.substring(indent, last)));
            }
            start = end + 1;
        }
        return lines;
    }

    /** Printable characters of the basic plane that are not line breaks (YAML's printable set, narrowed). */
    private static boolean plainCharacter(char c) {
        return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    /** The block collection whose first line is the next one, at this indentation. */
    private Located block(int indent) {
        Line first = lines.get(next);
        if (first.indent() != indent) {
            throw new Decline();
        }
        Located node = first.isItem() ? sequence(indent) : mapping(indent);
        if (next < lines.size() && lines.get(next).indent() > indent) {
            throw new Decline(); // a line more indented than the collection it ends
        }
        return node;
    }

    private Located.MapNode mapping(int indent) {
        Map<String, Located.Entry> entries = new LinkedHashMap<>();
        int line = lines.get(next).number();
        while (next < lines.size() && lines.get(next).indent() == indent) {
            Line l = lines.get(next++);
            String content = l.content();
            int colon = key(content, 0);
            String key = content.substring(0, colon);
            if (entries.containsKey(key) || key.equals("<<")) {
                throw new Decline(); // the full reader names both lines of a duplicate
            }
            String rest = content.substring(colon + 1).strip();
            Located value;
            if (rest.isEmpty() || rest.charAt(0) == '#') {
                // a nested block, more indented (an empty value is null to the full reader: it decides)
                if (next == lines.size() || lines.get(next).indent() <= indent) {
                    throw new Decline();
                }
                value = block(lines.get(next).indent());
            } else {
                value = inline(rest, l.number());
            }
            entries.put(key, new Located.Entry(key, l.number(), value));
        }
        return new Located.MapNode(line, entries);
    }

    private Located.ListNode sequence(int indent) {
        List<Located> items = new ArrayList<>();
        int line = lines.get(next).number();
        while (next < lines.size() && lines.get(next).indent() == indent) {
            Line l = lines.get(next++);
            if (!l.isItem()) {
                throw new Decline();
            }
            String rest = l.content().substring(1).strip();
            if (rest.isEmpty() || rest.charAt(0) == '#' || rest.startsWith("- ") || rest.equals("-")) {
                throw new Decline(); // nested blocks in a sequence: the full reader
            }
            items.add(inline(rest, l.number()));
        }
        return new Located.ListNode(line, items);
    }

    /**
     * The end of a key at {@code from}: word characters, then ':' and a space or the end.
     *
     * @return the index of the ':'
     */
    private static int key(String s, int from) {
        int i = from;
        if (i == s.length() || !wordStart(s.charAt(i))) {
            throw new Decline();
        }
        while (i < s.length() && word(s.charAt(i))) {
            i++;
        }
        if (i == s.length() || s.charAt(i) != ':' || (i + 1 < s.length() && s.charAt(i + 1) != ' ')) {
            throw new Decline();
        }
        return i;
    }

    private static boolean wordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean word(char c) {
        return wordStart(c) || c == '-' || c == '.';
    }

    /** A value that starts and ends on one line: a scalar or a flow collection, then at most a comment. */
    private static Located inline(String s, int line) {
        char c = s.charAt(0);
        if (c == '{' || c == '[' || c == '"' || c == '\'') {
            Flow flow = new Flow(s, line);
            Located value = flow.value();
            flow.endOfLine();
            return value;
        }
        int comment = s.indexOf(" #");
        String text = (comment < 0 ? s : s.substring(0, comment)).strip();
        checkPlain(text, false);
        return new Located.Scalar(line, typed(text));
    }

    /** Declines a plain scalar the full reader might read otherwise (indicators, ": ", '#', flow characters in flow). */
    private static void checkPlain(String text, boolean inFlow) {
        if (text.isEmpty()) {
            throw new Decline();
        }
        char c = text.charAt(0);
        boolean start = wordStart(c) || c == '/' || c == '$' || c == '~' || c == '+' || c == '=' || c == '^'
                || c == '(' || c == ')' || c == '<' || c == ';' || c >= 0xA0
                || (c == '-' && text.length() > 1 && text.charAt(1) >= '0' && text.charAt(1) <= '9');
        if (!start || text.endsWith(":") || text.contains(": ") || text.indexOf('#') >= 0 || text.indexOf('\'') >= 0
                || text.indexOf('"') >= 0) {
            throw new Decline();
        }
        if (inFlow) {
            for (int i = 0; i < text.length(); i++) {
                char f = text.charAt(i);
                if (f == ',' || f == '[' || f == ']' || f == '{' || f == '}' || f == ':' || f == '?') {
                    throw new Decline();
                }
            }
        }
    }

    /** A plain scalar's value as the full reader types it. */
    private static Object typed(String text) {
        switch (text) {
            case "null":
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                break;
        }
        int i = text.charAt(0) == '-' ? 1 : 0;
        int digits = i;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == i || (text.charAt(i) == '0' && digits > i + 1)) {
            return text; // no integer part, or a leading zero: text, as to the full reader (".5", "012")
        }
        if (digits == text.length()) {
            if (digits - i <= 18) {
                long value = Long.parseLong(text);
                return value == (int) value ? (Object) (int) value : (Object) value;
            }
            BigInteger value = new BigInteger(text);
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        int fraction = digits;
        if (text.charAt(fraction) == '.') {
            fraction++;
            while (fraction < text.length() && text.charAt(fraction) >= '0' && text.charAt(fraction) <= '9') {
                fraction++;
            }
        }
        if (fraction == text.length() && text.charAt(digits) == '.') {
            double value = Double.parseDouble(text);
            if (Double.isInfinite(value)) {
                throw new Decline();
            }
            return value;
        }
        if (fraction < text.length() && (text.charAt(fraction) == 'e' || text.charAt(fraction) == 'E')) {
            throw new Decline(); // exponents: the full reader
        }
        return text;
    }

    /** Flow collections and quoted scalars within one line. */
    private static final class Flow {
        private final String s;
        private final int line;
        private int at;

        Flow(String s, int line) {
            this.s = s;
            this.line = line;
        }

        Located value() {
            char c = s.charAt(at);
            if (c == '{') {
                return map();
            }
            if (c == '[') {
                return list();
            }
            if (c == '"' || c == '\'') {
                return new Located.Scalar(line, quoted(c));
            }
            int end = at;
            while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '}' && s.charAt(end) != ']') {
                end++;
            }
            String text = s.substring(at, end).strip();
            checkPlain(text, true);
            at = end;
            return new Located.Scalar(line, typed(text));
        }

        private String quoted(char quote) {
            int close = s.indexOf(quote, at + 1);
            if (close < 0) {
                throw new Decline(); // over several lines
            }
            String text = s.substring(at + 1, close);
            if (quote == '"' && text.indexOf('\\') >= 0) {
                throw new Decline(); // escapes
            }
            if (quote == '\'' && close + 1 < s.length() && s.charAt(close + 1) == '\'') {
                throw new Decline(); // '' inside
            }
            at = close + 1;
            return text;
        }

        private Located.MapNode map() {
            Map<String, Located.Entry> entries = new LinkedHashMap<>();
            if (opened('}')) {
                return new Located.MapNode(line, entries);
            }
            do {
                int colon = key(s, at);
                String key = s.substring(at, colon);
                if (entries.containsKey(key) || key.equals("<<")) {
                    throw new Decline();
                }
                at = colon + 1;
                spaces();
                entries.put(key, new Located.Entry(key, line, value()));
            } while (!closed('}'));
            return new Located.MapNode(line, entries);
        }

        private Located.ListNode list() {
            List<Located> items = new ArrayList<>();
            if (opened(']')) {
                return new Located.ListNode(line, items);
            }
            do {
                items.add(value());
            } while (!closed(']'));
            return new Located.ListNode(line, items);
        }

        /** @return past the opening character, whether the collection is empty (its closing one then taken too) */
        private boolean opened(char close) {
            at++;
            spaces();
            if (peek() == close) {
                at++;
                return true;
            }
            return false;
        }

        /** @return after an item, true at the closing character (taken), false after a comma that more items follow */
        private boolean closed(char close) {
            spaces();
            char c = peek();
            at++;
            if (c == close) {
                return true;
            }
            if (c != ',') {
                throw new Decline();
            }
            spaces();
            if (peek() == close) {
                throw new Decline(); // a trailing comma
            }
            return false;
        }

        /** What may follow the value on its line: spaces, then a comment. */
        void endOfLine() {
            int before = at;
            spaces();
            if (at < s.length() && (at == before || s.charAt(at) != '#')) {
                throw new Decline();
            }
        }

        private void spaces() {
            while (at < s.length() && s.charAt(at) == ' ') {
                at++;
            }
        }

        private char peek() {
            if (at == s.length()) {
                throw new Decline(); // not closed on this line
            }
            return s.charAt(at);
        }
    }
}
