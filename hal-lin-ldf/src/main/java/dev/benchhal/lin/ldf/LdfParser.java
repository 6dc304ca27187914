package dev.benchhal.lin.ldf;

import dev.benchhal.error.NotFoundException;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads LIN description files: LIN 1.3, 2.0, 2.1, 2.2(A), SAE J2602 and ISO 17987.
 * <pre>{@code
 * LdfDatabase strict = LdfParser.strict().parse(Path.of("alm.ldf"));
 * LdfDatabase tolerant = LdfParser.lenient().onWarning(w -> log.info("{}", w)).parse(Path.of("legacy.ldf"));
 * }</pre>
 * <p>The strict parser accepts what the LIN specification allows. The lenient parser also accepts
 * what other tools accept, with a {@link LdfWarning} for each: frames with an empty signal list,
 * names starting with a digit ({@code 1BitDig}), a master without time base and jitter, signals
 * defined twice (the later definition wins), unknown node attributes (skipped), scalar signals
 * wider than 16 bits.
 * <p>Files are read as UTF-8 (with or without a byte order mark), or as Latin-1 when they are not
 * valid UTF-8. Instances are immutable and thread-safe.
 */
public final class LdfParser {

    /**
     * The default sink. Its logger is got here, not held in a field: a parse without warnings starts no logging
     * (SLF4J's start costs a one-shot {@code benchhal ldf info} about 13 ms).
     */
    private static void logWarning(LdfWarning warning) {
        LoggerFactory.getLogger(LdfParser.class).warn("{}", warning);
    }

    private final boolean lenient;
    private final Consumer<LdfWarning> warnings;

    private LdfParser(boolean lenient, Consumer<LdfWarning> warnings) {
        this.lenient = lenient;
        this.warnings = warnings;
    }

    /** @return a parser that accepts only what the LIN specification allows */
    public static LdfParser strict() {
        return new LdfParser(false, LdfParser::logWarning);
    }

    /** @return a parser that also accepts common deviations, with a warning for each (logged by default) */
    public static LdfParser lenient() {
        return new LdfParser(true, LdfParser::logWarning);
    }

    /**
     * @param sink receives each warning instead of the log
     * @return a parser like this one that hands warnings to {@code sink}
     */
    public LdfParser onWarning(Consumer<LdfWarning> sink) {
        return new LdfParser(lenient, Objects.requireNonNull(sink, "sink"));
    }

    /** @return {@code true} for the lenient parser */
    public boolean isLenient() {
        return lenient;
    }

    /**
     * @param file an LDF file
     * @return the model
     * @throws LdfParseException when the file is not a valid LDF
     * @throws NotFoundException when the file does not exist or cannot be read
     */
    public LdfDatabase parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            throw new NotFoundException(file.toString(), "no such LDF file");
        } catch (IOException e) {
            throw new NotFoundException(file.toString(), "cannot read the LDF file: " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * @param bytes  the file content: UTF-8 (with or without BOM) or Latin-1
     * @param source a name for messages
     * @return the model
     * @throws LdfParseException when the content is not a valid LDF
     */
    public LdfDatabase parse(byte[] bytes, String source) {
        return parse(decode(bytes), source);
    }

    /**
     * @param text   LDF text
     * @param source a name for messages
     * @return the model
     * @throws LdfParseException when the text is not a valid LDF
     */
    public LdfDatabase parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        LdfLexer lexer = LdfLexer.tokenize(source, text);
        LdfDatabase.Parts parts = new LdfSyntax(lexer, lenient).parse();
        new LdfSemantics(parts, lexer.file, lenient).check();
        parts.comments.addAll(lexer.comments);
        for (LdfWarning warning : parts.warnings) {
            warnings.accept(warning);
        }
        return new LdfDatabase(parts);
    }

    /**
     * Decodes file bytes: a UTF-8 byte order mark is dropped, valid UTF-8 is read as UTF-8, anything
     * else as Latin-1 (every byte is a Latin-1 character, so nothing is lost).
     */
    static String decode(byte[] bytes) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
        }
    }
}
