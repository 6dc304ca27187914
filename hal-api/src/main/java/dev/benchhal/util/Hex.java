package dev.benchhal.util;

import java.util.HexFormat;

/** Hex formatting for logs and error messages: {@code 01 02 FF}. */
public final class Hex {

    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {
    }

    /**
     * Formats bytes as upper-case hex pairs separated by spaces.
     *
     * @param bytes the bytes; {@code null} gives {@code "null"}
     * @return for example {@code "7F 06 B2"}; empty for an empty array
     */
    public static String format(byte[] bytes) {
        return bytes == null ? "null" : SPACED.formatHex(bytes);
    }

    /**
     * Formats one value as {@code 0x} plus two upper-case hex digits.
     *
     * @param value 0..255
     * @return for example {@code "0x3C"}
     */
    public static String byteLiteral(int value) {
        return String.format("0x%02X", value);
    }

    /**
     * Parses hex pairs, with or without spaces: {@code "7F06B2"} or {@code "7F 06 B2"}.
     *
     * @param text the hex text
     * @return the bytes
     * @throws IllegalArgumentException naming the text when it is not an even number of hex digits
     */
    public static byte[] parse(String text) {
        String compact = text.replace(" ", "");
        try {
            return HexFormat.of().parseHex(compact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex bytes: \"" + text + "\"", e);
        }
    }
}
