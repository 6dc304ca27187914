package dev.benchhal.lin.ldf.cli;

import dev.benchhal.cli.spi.Arguments;
import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.lin.ldf.FrameCodec;
import dev.benchhal.lin.ldf.LdfCodecException;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.lin.ldf.LdfSignal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code benchhal ldf info|frames|signals|decode|encode FILE ...}: look into a LIN description
 * file, and decode or build frames with it. Exit code 3 when the file does not parse (the message
 * gives file, line and column).
 */
@Command(name = "ldf", description = LdfCommand.SUMMARY,
        subcommands = {LdfCommand.Info.class, LdfCommand.Frames.class, LdfCommand.Signals.class,
                LdfCommand.Decode.class, LdfCommand.Encode.class})
final class LdfCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "Inspect a LIN description file; decode and encode frames with it.";

    /** The LDF file argument and how strictly to read it, shared by every subcommand. */
    static final class LdfFile {
        @Parameters(index = "0", paramLabel = "FILE", description = "the LDF file")
        Path file;

        @Option(names = "--lenient", description = "accept what other tools accept (empty frames, names starting with a "
                + "digit, ...) and print a warning for each")
        boolean lenient;

        LdfDatabase load(PrintWriter err) {
            return LdfViews.load(file, lenient, err);
        }
    }

    @Command(name = "info", description = "Header, nodes, and how many frames, signals and schedule tables the file has.")
    static final class Info implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LdfFile ldfFile;

        @Override
        public Integer call() {
            LdfViews.info(ldfFile.file, ldfFile.load(spec.commandLine().getErr()), spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }

    @Command(name = "frames", description = "The unconditional frames: id, length, publisher, signals.")
    static final class Frames implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LdfFile ldfFile;

        @Override
        public Integer call() {
            LdfViews.frames(ldfFile.load(spec.commandLine().getErr()), spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }

    @Command(name = "signals", description = "Signals (of one frame, or all): width, init value, publisher, placement, encoding.")
    static final class Signals implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LdfFile ldfFile;
        @Parameters(index = "1", arity = "0..1", paramLabel = "FRAME", description = "only the signals of this frame")
        String frame;

        @Override
        public Integer call() {
            LdfViews.signals(ldfFile.load(spec.commandLine().getErr()), frame, spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }

    @Command(name = "decode", description = "Decode frame bytes (hex, byte 0 first) into signal values.")
    static final class Decode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LdfFile ldfFile;
        @Parameters(index = "1", paramLabel = "FRAME", description = "frame name or id (0x11)")
        String frame;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "HEX", description = "data bytes: 1000ff or 10 00 ff")
        List<String> hex;

        @Override
        public Integer call() {
            LdfDatabase ldf = ldfFile.load(spec.commandLine().getErr());
            FrameCodec codec = ldf.codec(frameName(ldf, frame, spec));
            byte[] data = Arguments.hexBytes(String.join("", hex), spec);
            long[] raw = new long[codec.signalCount()];
            try {
                codec.decodeRaw(data, raw);
            } catch (LdfCodecException wrongLength) {
                throw new CommandLine.ParameterException(spec.commandLine(), wrongLength.getMessage());
            }
            Object[] values = new Object[raw.length];
            codec.decode(data, values);
            Table table = new Table("SIGNAL", "BIT", "RAW", "VALUE");
            for (int i = 0; i < raw.length; i++) {
                LdfSignal s = codec.signal(i);
                long signalRaw = raw[i];
                // a physical value is shown exactly, with the decimals of its encoding's scale
                String shown = ldf.encodingOf(s.name()).flatMap(t -> t.physicalText(signalRaw, s)).orElse(value(values[i]));
                table.row(s.name(), codec.offset(i), s.array() ? hexBytes(raw[i], s.width() / 8)
                        : "0x" + Long.toHexString(raw[i]).toUpperCase(Locale.ROOT), shown);
            }
            table.print(spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }

    @Command(name = "encode", description = "Build frame bytes from SIGNAL=VALUE pairs (others take their init values).")
    static final class Encode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LdfFile ldfFile;
        @Parameters(index = "1", paramLabel = "FRAME", description = "frame name or id (0x0A)")
        String frame;
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "SIGNAL=VALUE",
                description = "a logical name, a physical value (with or without unit), raw numbers for signals "
                        + "without encoding; raw:SIGNAL=N sets a raw value")
        List<String> assignments = List.of();

        @Override
        public Integer call() {
            LdfDatabase ldf = ldfFile.load(spec.commandLine().getErr());
            FrameCodec codec = ldf.codec(frameName(ldf, frame, spec));
            long[] raw = codec.initValues();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "expected SIGNAL=VALUE, got " + assignment);
                }
                String name = assignment.substring(0, eq);
                String text = assignment.substring(eq + 1);
                boolean rawValue = name.startsWith("raw:");
                name = rawValue ? name.substring(4) : name;
                try {
                    int i = codec.indexOf(name);
                    // raw values are checked against the signal width when the frame is packed below
                    raw[i] = rawValue ? Long.decode(text)
                            : codec.encodeValue(i, ldf.encodingOf(name).isEmpty() ? Long.decode(text) : number(text));
                } catch (NumberFormatException notANumber) {
                    throw new CommandLine.ParameterException(spec.commandLine(), name + ": expected a number, got " + text);
                } catch (LdfCodecException bad) {
                    throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
                }
            }
            byte[] data;
            try {
                data = codec.encodeRaw(raw);
            } catch (LdfCodecException bad) {
                throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
            }
            StringBuilder line = new StringBuilder();
            for (byte b : data) {
                line.append(line.length() == 0 ? "" : " ").append(String.format("%02X", b & 0xFF));
            }
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }

        private static Object number(String text) {
            try {
                return new BigDecimal(text).doubleValue();
            } catch (NumberFormatException notANumber) {
                return text; // a logical name, or a number with its unit
            }
        }
    }

    static String frameName(LdfDatabase ldf, String frame, CommandLine.Model.CommandSpec spec) {
        if (frame.startsWith("0x") || frame.startsWith("0X") || frame.chars().allMatch(Character::isDigit)) {
            int id;
            try {
                id = Integer.decode(frame);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a frame id: " + frame);
            }
            Optional<LdfFrame> byId = ldf.frameById(id);
            return byId.map(LdfFrame::name).orElseThrow(() -> new dev.benchhal.error.NotFoundException(ldf.source(),
                    String.format("no frame with id 0x%02X", id)));
        }
        return ldf.requireFrame(frame).name();
    }

    private static String hexBytes(long raw, int bytes) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < bytes; k++) {
            out.append(k == 0 ? "" : " ").append(String.format("%02X", (raw >>> (8 * k)) & 0xFF));
        }
        return out.toString();
    }

    private static String value(Object value) {
        if (value instanceof Double) {
            double d = (Double) value;
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        return String.valueOf(value);
    }
}
