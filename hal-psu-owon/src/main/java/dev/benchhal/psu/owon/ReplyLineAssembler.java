package dev.benchhal.psu.owon;

import dev.benchhal.error.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reply lines of a supply assembled from bytes as they arrive, for the links that read a byte at a
 * time: LF ends a line and a CR before it is dropped. A line that grows past {@value #MAX_LINE}
 * bytes is garbage (a wrong baud rate, another device on the port) and is reported rather than
 * buffered for ever. Not thread-safe: the link that owns it serializes reads.
 */
final class ReplyLineAssembler {

    /** Far longer than any SCPI reply of a supply, short enough that garbage is noticed quickly. */
    static final int MAX_LINE = 4096;

    private final String link;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** @param link the link for messages */
    ReplyLineAssembler(String link) {
        this.link = link;
    }

    /**
     * @param b the next byte read
     * @return the line it completed, without terminator
     * @throws ProtocolException when the line grew past {@value #MAX_LINE} bytes (the bytes are dropped)
     */
    Optional<String> accept(int b) {
        if (b == '\n') {
            String line = partial.toString(StandardCharsets.ISO_8859_1);
            partial.reset();
            return Optional.of(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        partial.write(b);
        if (partial.size() > MAX_LINE) {
            partial.reset();
            throw new ProtocolException(link, "a reply line longer than " + MAX_LINE + " bytes (garbage on the line?)",
                    new byte[0], null);
        }
        return Optional.empty();
    }

    /** Drops the part of a line read so far (stale input is being discarded). */
    void reset() {
        partial.reset();
    }
}
