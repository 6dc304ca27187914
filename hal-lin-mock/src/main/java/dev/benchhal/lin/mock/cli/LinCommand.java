package dev.benchhal.lin.mock.cli;

import dev.benchhal.cli.spi.Arguments;
import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.DeviceOperation;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
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

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code benchhal lin request|send|receive|identify|trace TARGET ...}: one LIN operation through any
 * LIN driver ({@code lin-mock:}, {@code mum://}), named by URI or bench role.
 */
@Command(name = "lin", description = LinCommand.SUMMARY,
        subcommands = {LinCommand.Request.class, LinCommand.Send.class, LinCommand.Receive.class,
                LinCommand.Identify.class, LinCommand.Trace.class})
final class LinCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "One LIN operation through a LIN interface URI or bench role.";

    /** The target and timeout every subcommand takes. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "URI|ROLE", description = "LIN interface URI, or a role of the bench file")
        String target;

        @Option(names = "--timeout", defaultValue = "100ms", description = "response timeout (default ${DEFAULT-VALUE})")
        Duration timeout;
    }

    /** What every LIN subcommand shares: the bus it opens by URI or role. */
    abstract static class Operation extends DeviceOperation<LinInterface> {
        @CommandLine.Mixin
        Target target;

        Operation() {
            super(LinInterface.class);
        }

        @Override
        protected String target() {
            return target.target;
        }

    }

    @Command(name = "request", description = "Send a header and print the slave's response.")
    static final class Request extends Operation {
        @Parameters(index = "1", paramLabel = "ID", description = "frame id, 0x00..0x3F")
        String id;
        @Parameters(index = "2", paramLabel = "LENGTH", description = "data bytes, 1..8")
        int length;
        @Option(names = "--checksum", description = "classic or enhanced (default: classic for 0x3C/0x3D, else enhanced)")
        String checksum;

        private int frameId;
        private LinChecksumType type;

        @Override
        protected void validate() {
            frameId = frameId(id, spec);
            type = checksum == null ? LinChecksumType.defaultFor(frameId) : checksumType(checksum, spec);
        }

        @Override
        protected int run(LinInterface bus, PrintWriter out) {
            try {
                out.println(bus.requestResponse(frameId, length, type, target.timeout));
                return ExitCode.OK;
            } catch (LinNoResponseException silent) {
                spec.commandLine().getErr().println("benchhal: " + silent.getMessage());
                return ExitCode.TIMEOUT;
            }
        }
    }

    @Command(name = "send", description = "Publish a frame as master.")
    static final class Send extends Operation {
        @Parameters(index = "1", paramLabel = "ID", description = "frame id, 0x00..0x3F")
        String id;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "HEX", description = "data bytes: 0102 or 01 02")
        List<String> hex;
        @Option(names = "--checksum", description = "classic or enhanced (default: classic for 0x3C/0x3D, else enhanced)")
        String checksum;

        private LinFrame frame;

        @Override
        protected void validate() {
            int frameId = frameId(id, spec);
            byte[] data = Arguments.hexBytes(String.join("", hex), spec);
            frame = new LinFrame(frameId, data, checksum == null ? LinChecksumType.defaultFor(frameId)
                    : checksumType(checksum, spec));
        }

        @Override
        protected int run(LinInterface bus, PrintWriter out) {
            bus.send(frame);
            out.println("sent " + frame);
            return ExitCode.OK;
        }
    }

    @Command(name = "receive", description = "Request a frame by name and print its decoded signals.")
    static final class Receive extends Operation {
        @Parameters(index = "1", paramLabel = "FRAME", description = "frame name")
        String frame;
        @Option(names = "--ldf", paramLabel = "FILE", description = "the LDF (a lin-mock bus brings its own)")
        Path ldfFile;

        @Override
        protected int run(LinInterface bus, PrintWriter out) {
            LdfDatabase ldf = ldfFile != null ? LdfDatabase.load(ldfFile)
                    : bus instanceof LinMock ? ((LinMock) bus).ldf() : null;
            if (ldf == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give the LDF with --ldf FILE");
            }
            Optional<Map<String, Object>> values = new FrameIO(bus, ldf).receive(frame, target.timeout);
            if (values.isEmpty()) {
                spec.commandLine().getErr().println("benchhal: " + frame + ": no response within " + Durations.format(target.timeout));
                return ExitCode.TIMEOUT;
            }
            Table table = new Table("SIGNAL", "VALUE");
            values.get().forEach(table::row);
            table.print(out);
            return ExitCode.OK;
        }
    }

    @Command(name = "identify", description = "ReadByIdentifier: the product id and serial number of the slave(s) at a NAD.")
    static final class Identify extends Operation {
        @Option(names = "--nad", defaultValue = "0x7F", description = "NAD to ask (default ${DEFAULT-VALUE}, every slave)")
        String nad;

        private int address;

        @Override
        protected void validate() {
            address = Arguments.byteValue(nad, "NAD", spec);
        }

        @Override
        protected int run(LinInterface bus, PrintWriter out) {
            try {
                bus.send(NodeConfiguration.readByIdentifier(address, NodeConfiguration.IDENTIFIER_PRODUCT_ID,
                        NodeConfiguration.WILDCARD_SUPPLIER, NodeConfiguration.WILDCARD_FUNCTION));
                NodeConfigResponse product = NodeConfigResponse.parse(bus.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8,
                        LinChecksumType.CLASSIC, target.timeout));
                bus.send(NodeConfiguration.readByIdentifier(product.nad(), NodeConfiguration.IDENTIFIER_SERIAL_NUMBER,
                        NodeConfiguration.WILDCARD_SUPPLIER, NodeConfiguration.WILDCARD_FUNCTION));
                NodeConfigResponse serial = NodeConfigResponse.parse(bus.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8,
                        LinChecksumType.CLASSIC, target.timeout));
                out.printf(Locale.ROOT, "NAD 0x%02X  supplier 0x%04X  function 0x%04X  variant %d  serial %s%n",
                        product.nad(), product.productId().supplierId(), product.productId().functionId(),
                        product.productId().variant(), serial.positive() ? Long.toString(serial.serialNumber()) : "-");
                return ExitCode.OK;
            } catch (LinNoResponseException silent) {
                spec.commandLine().getErr().println("benchhal: no slave answered at NAD " + Hex.byteLiteral(address));
                return ExitCode.TIMEOUT;
            }
        }
    }

    @Command(name = "trace", description = "Simulators: play a schedule table for a while and print the bus trace.")
    static final class Trace extends Operation {
        @Option(names = "--schedule", paramLabel = "TABLE", description = "schedule table (default: the LDF's first)")
        String schedule;
        @Option(names = "--for", defaultValue = "100ms", paramLabel = "DURATION",
                description = "bench time to play (default ${DEFAULT-VALUE})")
        Duration duration;

        @Override
        protected int run(LinInterface bus, PrintWriter out) {
            bus.require(LinCapability.SCHEDULE_TABLES);
            if (!(bus instanceof LinMock)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "trace needs a simulated bus (lin-mock:)");
            }
            LinMock mock = (LinMock) bus;
            String table = schedule != null ? schedule : mock.ldf().scheduleTables().stream().findFirst()
                    .map(t -> t.name()).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                            mock.ldf().source() + " has no schedule table"));
            long end = mock.busTime().plus(duration).toNanos();
            while (mock.busTime().toNanos() < end) {
                mock.schedules().runOnce(table);
            }
            for (TraceEntry e : mock.trace().entries()) {
                out.println(e.toLine());
            }
            return ExitCode.OK;
        }
    }

    static int frameId(String text, CommandLine.Model.CommandSpec spec) {
        int id = Arguments.byteValue(text, "frame id", spec);
        if (id > LinProtocol.MAX_ID) {
            throw new CommandLine.ParameterException(spec.commandLine(), "frame id " + text + " is outside 0x00..0x3F");
        }
        return id;
    }

    static LinChecksumType checksumType(String text, CommandLine.Model.CommandSpec spec) {
        try {
            return LinChecksumType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--checksum: expected classic or enhanced, got " + text);
        }
    }
}
