package dev.benchhal.lin.ldf.cli;

import dev.benchhal.cli.spi.Table;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.EncodingType;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.lin.ldf.LdfMaster;
import dev.benchhal.lin.ldf.LdfParser;
import dev.benchhal.lin.ldf.LdfSignal;
import dev.benchhal.lin.ldf.LdfWarning;
import dev.benchhal.lin.ldf.NodeAttributes;
import dev.benchhal.lin.ldf.PlacedSignal;
import dev.benchhal.lin.ldf.ScheduleTable;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What {@code benchhal ldf info|frames|signals} print, without picocli: the commands print through
 * these, and {@link LdfCommandProvider#runDirect} runs them straight from the arguments.
 */
final class LdfViews {

    private LdfViews() {
    }

    /**
     * Runs {@code info|frames|signals FILE [--lenient]} (and {@code signals FILE FRAME}) directly.
     *
     * @return the exit code, empty for any other shape of arguments
     */
    static OptionalInt runDirect(List<String> args, PrintWriter out, PrintWriter err) {
        List<String> positional = new ArrayList<>();
        boolean lenient = false;
        for (String a : args) {
            if (a.equals("--lenient")) {
                lenient = true;
            } else if (a.isEmpty() || a.startsWith("-") || a.startsWith("@")) {
                return OptionalInt.empty(); // an option, "--", an argument file: the full parser's business
            } else {
                positional.add(a);
            }
        }
        if (positional.size() < 2) {
            return OptionalInt.empty();
        }
        String view = positional.get(0);
        Path file = Path.of(positional.get(1));
        int rest = positional.size() - 2;
        if (view.equals("info") && rest == 0) {
            info(file, load(file, lenient, err), out);
        } else if (view.equals("frames") && rest == 0) {
            frames(load(file, lenient, err), out);
        } else if (view.equals("signals") && rest <= 1) {
            signals(load(file, lenient, err), rest == 0 ? null : positional.get(2), out);
        } else {
            return OptionalInt.empty();
        }
        return OptionalInt.of(0);
    }

    /** Parses the file, printing a line per warning. */
    static LdfDatabase load(Path file, boolean lenient, PrintWriter err) {
        LdfParser parser = lenient ? LdfParser.lenient() : LdfParser.strict();
        List<LdfWarning> warnings = new ArrayList<>();
        LdfDatabase ldf = parser.onWarning(warnings::add).parse(file);
        for (LdfWarning w : warnings) {
            err.println("warning: " + w);
        }
        err.flush();
        return ldf;
    }

    /** {@code ldf info}: header, nodes, and how many frames, signals and schedule tables. */
    static void info(Path file, LdfDatabase ldf, PrintWriter out) {
        out.println("file:        " + file);
        out.println("protocol:    " + ldf.header().protocolVersion() + " (language " + ldf.header().languageVersion() + ")");
        out.println("speed:       " + ldf.header().speedBitsPerSecond() + " bit/s");
        if (ldf.header().channelName() != null) {
            out.println("channel:     " + ldf.header().channelName());
        }
        LdfMaster m = ldf.master();
        if (m != null) {
            out.println("master:      " + m.name() + ", time base " + ms(m.timeBase()) + ", jitter " + ms(m.jitter()));
        }
        out.println("slaves:      " + String.join(", ", ldf.slaves()));
        for (NodeAttributes n : ldf.nodeAttributes()) {
            // written out rather than String.format, whose first use loads the locale data (6 ms of a one-shot command)
            out.println("  " + padEnd(n.name(), 10) + " NAD " + hex(n.configuredNad(), 2)
                    + (n.productId() == null ? "" : ", supplier " + hex(n.productId().supplierId(), 4) + " function "
                    + hex(n.productId().functionId(), 4)) + ", LIN " + n.linProtocol());
        }
        out.println("signals:     " + ldf.signals().size() + " (+" + ldf.diagnosticSignals().size() + " diagnostic)");
        out.println("frames:      " + ldf.frames().size() + " unconditional, " + ldf.eventTriggeredFrames().size()
                + " event-triggered, " + ldf.sporadicFrames().size() + " sporadic, " + ldf.diagnosticFrames().size()
                + " diagnostic");
        out.println("encodings:   " + ldf.encodingTypes().size());
        out.println("schedules:   " + ldf.scheduleTables().size());
        for (ScheduleTable t : ldf.scheduleTables()) {
            String slots = Integer.toString(t.entries().size());
            out.println("  " + padEnd(t.name(), 24) + " " + " ".repeat(Math.max(0, 3 - slots.length())) + slots
                    + " slots, cycle " + ms(t.cycle()));
        }
        out.flush();
    }

    /** {@code ldf frames}: the unconditional frames: id, length, publisher, signals. */
    static void frames(LdfDatabase ldf, PrintWriter out) {
        Table table = new Table("FRAME", "ID", "PID", "BYTES", "PUBLISHER", "SIGNALS");
        for (LdfFrame f : ldf.frames()) {
            table.row(f.name(), hex(f.id(), 2), f.id() <= 0x3F ? hex(LinProtocol.protectedId(f.id()), 2) : "-",
                    f.length() + (f.declaredLength() == null ? " (implied)" : ""), f.publisher(), f.signals().size());
        }
        table.print(out);
    }

    /** {@code ldf signals}: of one frame (null: all), width, init value, publisher, placement, encoding. */
    static void signals(LdfDatabase ldf, String frame, PrintWriter out) {
        Table table = new Table("SIGNAL", "BITS", "INIT", "PUBLISHER", "FRAME@BIT", "ENCODING");
        List<LdfSignal> signals = new ArrayList<>();
        if (frame != null) {
            for (PlacedSignal p : ldf.requireFrame(frame).signals()) {
                signals.add(ldf.requireSignal(p.signal()));
            }
        } else {
            signals.addAll(ldf.signals());
        }
        for (LdfSignal s : signals) {
            List<String> placements = new ArrayList<>();
            for (String name : ldf.framesOf(s.name())) {
                if (frame == null || frame.equals(name)) {
                    for (PlacedSignal p : ldf.requireFrame(name).signals()) {
                        if (p.signal().equals(s.name())) {
                            placements.add(name + "@" + p.offset());
                        }
                    }
                }
            }
            table.row(s.name(), s.width(), s.array() ? s.initBytes().toString() : Long.toString(s.initValue()),
                    s.publisher(), String.join(" ", placements),
                    ldf.encodingOf(s.name()).map(EncodingType::name).orElse(""));
        }
        table.print(out);
    }

    /** A duration in milliseconds, exactly ("2.5 ms"). */
    static String ms(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + " ms";
    }

    /** @return {@code 0x} and the value in upper-case hexadecimal, at least {@code digits} digits ({@code %0NX}) */
    static String hex(int value, int digits) {
        String h = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return "0x" + "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /** @return the text padded with spaces to at least {@code width} characters ({@code %-Ns}) */
    static String padEnd(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
