package dev.benchhal.lin.ldf;

import dev.benchhal.error.HalException;

/**
 * A signal value cannot be encoded or decoded: an unknown signal name, a value that no
 * converter of the signal's encoding type accepts, a raw value wider than the signal, a frame
 * with the wrong number of bytes. The source is the frame (or signal) name.
 */
public class LdfCodecException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the frame or signal involved
     * @param detail what was expected and what came
     */
    public LdfCodecException(String source, String detail) {
        super(source, detail);
    }
}
