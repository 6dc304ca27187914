package dev.benchhal.lin;

import dev.benchhal.error.HalTimeoutException;
import org.jspecify.annotations.Nullable;

/** No slave answered a header, or the response was too short. */
public class LinNoResponseException extends HalTimeoutException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the interface's URI
     * @param detail the frame and what was expected and what came
     */
    public LinNoResponseException(@Nullable String source, String detail) {
        super(source, detail);
    }
}
