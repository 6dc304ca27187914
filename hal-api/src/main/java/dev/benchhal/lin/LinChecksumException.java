package dev.benchhal.lin;

import dev.benchhal.error.ProtocolException;
import org.jspecify.annotations.Nullable;

/** A response arrived with a checksum that does not match its data. */
public class LinChecksumException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the interface's URI
     * @param detail the frame and what was expected and what came
     */
    public LinChecksumException(@Nullable String source, String detail) {
        super(source, detail);
    }
}
