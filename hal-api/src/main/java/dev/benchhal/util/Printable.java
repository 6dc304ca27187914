package dev.benchhal.util;

/**
 * Makes text from devices, files and users safe to put in a message or on a terminal: control
 * characters (terminal escapes, NUL, bytes of line noise) are shown as escapes, never passed raw.
 */
public final class Printable {

    private static final int MAX_CHARS = 200;

    private Printable() {
    }

    /**
     * Escapes control characters as {@code \n}, {@code \r}, {@code \t} or {@code \xHH} / {@code \u2028}-style
     * escapes and cuts text longer than 200 characters with {@code ...(N chars)}.
     *
     * @param text any text, {@code null} allowed
     * @return the printable form ({@code "null"} for {@code null})
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        String shown = controls(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        return text.length() > MAX_CHARS ? shown + "...(" + text.length() + " chars)" : shown;
    }

    /**
     * Escapes control, format and separator characters as {@link #escape(String)} does, whatever the
     * length: for messages that must stay whole and on one line.
     *
     * @param text any text, {@code null} allowed
     * @return the text with those characters escaped ({@code "null"} for {@code null})
     */
    public static String controls(String text) {
        if (text == null) {
            return "null";
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else if ((c >= 0x80 && c < 0xa0) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR;
    }
}
