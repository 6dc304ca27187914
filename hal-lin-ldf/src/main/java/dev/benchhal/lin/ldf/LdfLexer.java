package dev.benchhal.lin.ldf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits LDF text into tokens kept in parallel arrays (no object per token: the largest real
 * files have tens of thousands of tokens and the parser must stay fast). Comments are kept
 * apart, in file order.
 */
final class LdfLexer {

    static final byte IDENT = 1;
    static final byte INT = 2;
    static final byte FLOAT = 3;
    static final byte STRING = 4;
    static final byte PUNCT = 5;
    static final byte EOF = 6;

    final String file;
    final String text;
    byte[] kind = new byte[1024];
    int[] start = new int[1024];
    int[] end = new int[1024];
    int[] line = new int[1024];
    int[] column = new int[1024];
    /** the token touches the previous one (no space or comment between), as in {@code 10ms} */
    boolean[] glued = new boolean[1024];
    int count;
    final List<String> comments = new ArrayList<>();

    private LdfLexer(String file, String text) {
        this.file = file;
        this.text = text;
    }

    static LdfLexer tokenize(String file, String text) {
        LdfLexer lexer = new LdfLexer(file, text);
        lexer.run();
        return lexer;
    }

    private void run() {
        final String s = text;
        final int n = s.length();
        int pos = 0;
        int lineNo = 1;
        int lineStart = 0;
        boolean gap = true;
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '\n') {
                lineNo++;
                lineStart = ++pos;
                gap = true;
                continue;
            }
            if (c == '\r') {
                // CR LF, or a lone CR (old Mac line end, seen in real files) ends a line too
                pos++;
                if (pos < n && s.charAt(pos) == '\n') {
                    pos++;
                }
                lineNo++;
                lineStart = pos;
                gap = true;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u000B' || c == '\u00A0' || c == '\uFEFF') {
                pos++;
                gap = true;
                continue;
            }
            if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '/') {
                int stop = pos + 2;
                while (stop < n && s.charAt(stop) != '\n' && s.charAt(stop) != '\r') {
                    stop++;
                }
                comments.add(s.substring(pos + 2, stop).strip());
                pos = stop;
                gap = true;
                continue;
            }
            if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') {
                int stop = s.indexOf("*/", pos + 2);
                if (stop < 0) {
                    throw new LdfParseException(file, lineNo, pos - lineStart + 1, "\"*/\" to close the comment",
                            "the end of the file");
                }
                comments.add(s.substring(pos + 2, stop).strip());
                for (int i = pos; i < stop; i++) {
                    char k = s.charAt(i);
                    if (k == '\n' || (k == '\r' && (i + 1 >= n || s.charAt(i + 1) != '\n'))) {
                        lineNo++;
                        lineStart = i + 1;
                    }
                }
                pos = stop + 2;
                gap = true;
                continue;
            }
            int col = pos - lineStart + 1;
            int begin = pos;
            byte k;
            if (isNameStart(c)) {
                pos++;
                while (pos < n && isNamePart(s.charAt(pos))) {
                    pos++;
                }
                k = IDENT;
            } else if (isDigit(c) || ((c == '-' || c == '+' || c == '.') && pos + 1 < n && startsNumber(s, pos))) {
                k = INT;
                if (c == '-' || c == '+') {
                    pos++;
                }
                if (s.charAt(pos) == '0' && pos + 2 < n && (s.charAt(pos + 1) == 'x' || s.charAt(pos + 1) == 'X')
                        && isHexDigit(s.charAt(pos + 2))) {
                    pos += 2;
                    while (pos < n && isHexDigit(s.charAt(pos))) {
                        pos++;
                    }
                } else {
                    while (pos < n && isDigit(s.charAt(pos))) {
                        pos++;
                    }
                    if (pos + 1 < n && s.charAt(pos) == '.' && isDigit(s.charAt(pos + 1))) {
                        k = FLOAT;
                        pos++;
                        while (pos < n && isDigit(s.charAt(pos))) {
                            pos++;
                        }
                    } else if (pos < n && s.charAt(pos) == '.' && (pos + 1 >= n || !isNameStart(s.charAt(pos + 1)))) {
                        k = FLOAT; // "5." is a float; "1.x" is not
                        pos++;
                    }
                    if (pos + 1 < n && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                        int e = pos + 1;
                        if (e < n && (s.charAt(e) == '+' || s.charAt(e) == '-')) {
                            e++;
                        }
                        if (e < n && isDigit(s.charAt(e))) {
                            k = FLOAT;
                            pos = e;
                            while (pos < n && isDigit(s.charAt(pos))) {
                                pos++;
                            }
                        }
                    }
                }
            } else if (c == '"') {
                pos++;
                while (pos < n && s.charAt(pos) != '"') {
                    char q = s.charAt(pos);
                    if (q == '\\' && pos + 1 < n) {
                        pos++;
                    } else if (q == '\n' || q == '\r') {
                        throw new LdfParseException(file, lineNo, col, "a closing '\"' on the same line",
                                "the end of the line");
                    }
                    pos++;
                }
                if (pos >= n) {
                    throw new LdfParseException(file, lineNo, col, "a closing '\"'", "the end of the file");
                }
                pos++;
                k = STRING;
            } else if ("{},;:=%".indexOf(c) >= 0) {
                pos++;
                k = PUNCT;
            } else {
                throw new LdfParseException(file, lineNo, col, "a name, a number, a string or one of { } , ; : =",
                        "character " + describe(c));
            }
            add(k, begin, pos, lineNo, col, !gap);
            gap = false;
        }
        add(EOF, n, n, lineNo, n - lineStart + 1, false);
    }

    private static boolean startsNumber(String s, int pos) {
        char c = s.charAt(pos);
        char next = s.charAt(pos + 1);
        if (c == '.') {
            return isDigit(next);
        }
        return isDigit(next) || (next == '.' && pos + 2 < s.length() && isDigit(s.charAt(pos + 2)));
    }

    private void add(byte k, int begin, int stop, int lineNo, int col, boolean touching) {
        if (count == kind.length) {
            int size = count * 2;
            kind = Arrays.copyOf(kind, size);
            start = Arrays.copyOf(start, size);
            end = Arrays.copyOf(end, size);
            line = Arrays.copyOf(line, size);
            column = Arrays.copyOf(column, size);
            glued = Arrays.copyOf(glued, size);
        }
        kind[count] = k;
        start[count] = begin;
        end[count] = stop;
        line[count] = lineNo;
        column[count] = col;
        glued[count] = touching;
        count++;
    }

    String lexeme(int token) {
        return text.substring(start[token], end[token]);
    }

    /** @return the token as a person reads it in an error message */
    String describe(int token) {
        switch (kind[token]) {
            case EOF:
                return "the end of the file";
            case STRING:
                return "string " + lexeme(token);
            case IDENT:
                return "\"" + lexeme(token) + "\"";
            case INT:
            case FLOAT:
                return "number " + lexeme(token);
            default:
                return "'" + lexeme(token) + "'";
        }
    }

    /** @return {@code true} when the token is the punctuation character {@code c} */
    boolean isPunct(int token, char c) {
        return kind[token] == PUNCT && text.charAt(start[token]) == c;
    }

    /** @return {@code true} when the token is the identifier {@code word} (exact case) */
    boolean isWord(int token, String word) {
        int length = end[token] - start[token];
        return kind[token] == IDENT && length == word.length() && text.startsWith(word, start[token]);
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7F) {
            return String.format("U+%04X (a control character)", (int) c);
        }
        return "'" + c + "' (U+" + String.format("%04X", (int) c) + ")";
    }

    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
