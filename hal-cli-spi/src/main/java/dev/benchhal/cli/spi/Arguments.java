package dev.benchhal.cli.spi;

import dev.benchhal.util.Hex;
import picocli.CommandLine;

/**
 * Parsers for arguments that several subcommands take, failing as usage errors (exit 2) that
 * name the argument and what was expected.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * @param text a byte in decimal or hex ({@code 60}, {@code 0x3C})
     * @param what the argument's name for the message ({@code NAD})
     * @param spec the command that took it
     * @return the value, 0..255
     * @throws CommandLine.ParameterException when it is not a number in 0..255
     */
    public static int byteValue(String text, String what, CommandLine.Model.CommandSpec spec) {
        try {
            int value = Integer.decode(text);
            if (value < 0 || value > 0xFF) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), what + ": expected 0..255 (0x3C), got " + text);
        }
    }

    /**
     * @param text data bytes in hex: {@code 1000ff}, {@code 0x1000FF}, {@code 10 00 ff} or {@code 10:00:ff}
     * @param spec the command that took it
     * @return the bytes, at least one
     * @throws CommandLine.ParameterException when it is not an even number of hex digits
     */
    public static byte[] hexBytes(String text, CommandLine.Model.CommandSpec spec) {
        String digits = text.replace(" ", "").replace(":", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        try {
            if (!digits.isEmpty()) {
                return Hex.parse(digits);
            }
        } catch (IllegalArgumentException notHex) {
            // reported below, with the text as the user gave it
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "expected data bytes in hex (1000ff), got " + text);
    }
}
