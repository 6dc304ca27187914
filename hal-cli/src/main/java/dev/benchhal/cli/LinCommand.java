package dev.benchhal.cli;

import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.NodeConfigResponse;
import dev.benchhal.lin.ldf.NodeConfiguration;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.lin.mock.TraceEntry;
import dev.benchhal.util.Durations;
import dev.benchhal.util.Hex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code benchhal lin request|send|receive|identify|trace TARGET ...}: one LIN operation through any
 * LIN driver ({@code lin-mock:}, {@code mum://}), named by URI or bench role.
 */
@Command(name = "lin", description = "One LIN operation through a LIN interface URI or bench role.",
        subcommands = {LinCommand.Request.class, LinCommand.Send.class, LinCommand.Receive.class,
                LinCommand.Identify.class, LinCommand.Trace.class})
final class LinCommand extends CommandGroup {

    @ParentCommand
    BenchHalCli root;


    /** The target and timeout every subcommand takes. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "URI|ROLE", description = "LIN interface URI, or a role of the bench file")
        String target;

        @Option(names = "--timeout", defaultValue = "100ms", description = "response timeout (default ${DEFAULT-VALUE})")
        String timeout;

        Duration timeout() {
            return Durations.parse(timeout);
        }
    }

    @Command(name = "request", description = "Send a header and print the slave's response.")
    static final class Request implements Callable<Integer> {
        @ParentCommand
        LinCommand lin;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        Target target;
        @Parameters(index = "1", paramLabel = "ID", description = "frame id, 0x00..0x3F")
        String id;
        @Parameters(index = "2", paramLabel = "LENGTH", description = "data bytes, 1..8")
        int length;
        @Option(names = "--checksum", description = "classic or enhanced (default: classic for 0x3C/0x3D, else enhanced)")
        String checksum;

        @Override
        public Integer call() {
            int frameId = frameId(id, spec);
            LinChecksumType type = checksum == null ? LinChecksumType.defaultFor(frameId) : checksumType(checksum, spec);
            try (DeviceTarget<LinInterface> bus = DeviceTarget.open(lin.root, target.target, LinInterface.class)) {
                try {
                    LinFrame frame = bus.device().requestResponse(frameId, length, type, target.timeout());
                    spec.commandLine().getOut().println(frame);
                    spec.commandLine().getOut().flush();
                    return ExitCode.OK;
                } catch (LinNoResponseException silent) {
                    spec.commandLine().getErr().println("benchhal: " + silent.getMessage());
                    return ExitCode.TIMEOUT;
                }
            }
        }
    }

    @Command(name = "send", description = "Publish a frame as master.")
    static final class Send implements Callable<Integer> {
        @ParentCommand
        LinCommand lin;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        Target target;
        @Parameters(index = "1", paramLabel = "ID", description = "frame id, 0x00..0x3F")
        String id;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "HEX", description = "data bytes: 0102 or 01 02")
        List<String> hex;
        @Option(names = "--checksum", description = "classic or enhanced (default: classic for 0x3C/0x3D, else enhanced)")
        String checksum;

        @Override
        public Integer call() {
            int frameId = frameId(id, spec);
            byte[] data = LdfCommand.parseHex(String.join("", hex), spec);
            LinFrame frame;
            try {
                frame = new LinFrame(frameId, data, checksum == null ? LinChecksumType.defaultFor(frameId)
                        : checksumType(checksum, spec));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (DeviceTarget<LinInterface> bus = DeviceTarget.open(lin.root, target.target, LinInterface.class)) {
                bus.device().send(frame);
                spec.commandLine().getOut().println("sent " + frame);
                spec.commandLine().getOut().flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "receive", description = "Request a frame by name and print its decoded signals.")
    static final class Receive implements Callable<Integer> {
        @ParentCommand
        LinCommand lin;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        Target target;
        @Parameters(index = "1", paramLabel = "FRAME", description = "frame name")
        String frame;
        @Option(names = "--ldf", paramLabel = "FILE", description = "the LDF (a lin-mock bus brings its own)")
        Path ldfFile;

        @Override
        public Integer call() {
            try (DeviceTarget<LinInterface> bus = DeviceTarget.open(lin.root, target.target, LinInterface.class)) {
                LdfDatabase ldf = ldfFile != null ? LdfDatabase.load(ldfFile)
                        : bus.device() instanceof LinMock ? ((LinMock) bus.device()).ldf() : null;
                if (ldf == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "give the LDF with --ldf FILE");
                }
                Optional<Map<String, Object>> values = new FrameIO(bus.device(), ldf).receive(frame, target.timeout());
                if (values.isEmpty()) {
                    spec.commandLine().getErr().println("benchhal: " + frame + ": no response within " + target.timeout);
                    return ExitCode.TIMEOUT;
                }
                Table table = new Table("SIGNAL", "VALUE");
                values.get().forEach(table::row);
                table.print(spec.commandLine().getOut());
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "identify", description = "ReadByIdentifier: the product id and serial number of the slave(s) at a NAD.")
    static final class Identify implements Callable<Integer> {
        @ParentCommand
        LinCommand lin;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        Target target;
        @Option(names = "--nad", defaultValue = "0x7F", description = "NAD to ask (default ${DEFAULT-VALUE}, every slave)")
        String nad;

        @Override
        public Integer call() {
            int address = parseByte(nad, "NAD", spec);
            try (DeviceTarget<LinInterface> bus = DeviceTarget.open(lin.root, target.target, LinInterface.class)) {
                LinInterface l = bus.device();
                l.send(NodeConfiguration.readByIdentifier(address, NodeConfiguration.IDENTIFIER_PRODUCT_ID,
                        NodeConfiguration.WILDCARD_SUPPLIER, NodeConfiguration.WILDCARD_FUNCTION));
                NodeConfigResponse product = NodeConfigResponse.parse(l.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8,
                        LinChecksumType.CLASSIC, target.timeout()));
                l.send(NodeConfiguration.readByIdentifier(product.nad(), NodeConfiguration.IDENTIFIER_SERIAL_NUMBER,
                        NodeConfiguration.WILDCARD_SUPPLIER, NodeConfiguration.WILDCARD_FUNCTION));
                NodeConfigResponse serial = NodeConfigResponse.parse(l.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8,
                        LinChecksumType.CLASSIC, target.timeout()));
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "NAD 0x%02X  supplier 0x%04X  function 0x%04X  variant %d  serial %s%n",
                        product.nad(), product.productId().supplierId(), product.productId().functionId(),
                        product.productId().variant(), serial.positive() ? Long.toString(serial.serialNumber()) : "-");
                out.flush();
                return ExitCode.OK;
            } catch (LinNoResponseException silent) {
                spec.commandLine().getErr().println("benchhal: no slave answered at NAD " + Hex.byteLiteral(address));
                return ExitCode.TIMEOUT;
            }
        }
    }

    @Command(name = "trace", description = "Simulators: play a schedule table for a while and print the bus trace.")
    static final class Trace implements Callable<Integer> {
        @ParentCommand
        LinCommand lin;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        Target target;
        @Option(names = "--schedule", paramLabel = "TABLE", description = "schedule table (default: the LDF's first)")
        String schedule;
        @Option(names = "--for", defaultValue = "100ms", paramLabel = "DURATION",
                description = "bench time to play (default ${DEFAULT-VALUE})")
        String duration;

        @Override
        public Integer call() {
            try (DeviceTarget<LinInterface> bus = DeviceTarget.open(lin.root, target.target, LinInterface.class)) {
                bus.device().require(LinCapability.SCHEDULE_TABLES);
                if (!(bus.device() instanceof LinMock)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "trace needs a simulated bus (lin-mock:)");
                }
                LinMock mock = (LinMock) bus.device();
                String table = schedule != null ? schedule : mock.ldf().scheduleTables().stream().findFirst()
                        .map(t -> t.name()).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                                mock.ldf().source() + " has no schedule table"));
                long end = mock.busTime().plus(Durations.parse(duration)).toNanos();
                while (mock.busTime().toNanos() < end) {
                    mock.schedules().runOnce(table);
                }
                PrintWriter out = spec.commandLine().getOut();
                for (TraceEntry e : mock.trace().entries()) {
                    out.println(e.toLine());
                }
                out.flush();
                return ExitCode.OK;
            }
        }
    }

    static int frameId(String text, CommandLine.Model.CommandSpec spec) {
        int id = parseByte(text, "frame id", spec);
        if (id > LinProtocol.MAX_ID) {
            throw new CommandLine.ParameterException(spec.commandLine(), "frame id " + text + " is outside 0x00..0x3F");
        }
        return id;
    }

    static int parseByte(String text, String what, CommandLine.Model.CommandSpec spec) {
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

    static LinChecksumType checksumType(String text, CommandLine.Model.CommandSpec spec) {
        try {
            return LinChecksumType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--checksum: expected classic or enhanced, got " + text);
        }
    }
}
