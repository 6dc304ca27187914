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
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16);
        int end = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
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
        if (text.length() > MAX_CHARS) {
            b.append("...(").append(text.length()).append(" chars)");
        }
        return b.toString();
    }
}
