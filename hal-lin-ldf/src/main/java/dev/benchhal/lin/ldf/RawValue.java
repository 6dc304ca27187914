package dev.benchhal.lin.ldf;

/**
 * A raw signal value that no converter of the signal's encoding type accepts (a value the file
 * does not describe, as a faulty node may send). {@link FrameCodec#decode(byte[])} gives it instead
 * of a plain number, so it is never mistaken for a physical or logical value, and
 * {@link FrameCodec#encode(java.util.Map)} takes it back as it is: decoding a frame, changing one
 * signal and encoding it again gives the same bytes for every other signal. It also stands for a
 * value whose name the file gives to several raw values ({@code "Reserved"} for 3 and 4): the name
 * alone would encode to the first of them, so the raw value travels with it.
 *
 * @param value the raw value (for byte arrays byte 0 in the low 8 bits)
 * @param name  the name the file gives it when that name is ambiguous, else {@code null}
 */
public record RawValue(long value, String name) {

    /** @param value a raw value no converter accepts */
    public RawValue(long value) {
        this(value, null);
    }

    @Override
    public String toString() {
        String hex = "raw 0x" + Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
        return name == null ? hex : name + " (" + hex + ")";
    }
}
