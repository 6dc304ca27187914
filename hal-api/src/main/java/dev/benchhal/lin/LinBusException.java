package dev.benchhal.lin;

import dev.benchhal.error.ProtocolException;
import org.jspecify.annotations.Nullable;

/** The bus misbehaved: a collision, a bit or framing error, a bus driver fault. */
public class LinBusException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the interface's URI
     * @param detail the frame and what was expected and what came
     */
    public LinBusException(@Nullable String source, String detail) {
        super(source, detail);
    }
}
