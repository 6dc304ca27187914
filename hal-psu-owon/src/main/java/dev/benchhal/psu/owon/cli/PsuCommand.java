package dev.benchhal.psu.owon.cli;

import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.DeviceOperation;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.psu.PowerOutput;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.PsuIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code benchhal psu idn|set|measure|on|off URI|ROLE}: one operation on a power supply. With
 * {@code safeOffOnClose} (the default) the output goes off when the command ends, so {@code on}
 * asks for the URI option {@code safeOffOnClose=false} to leave it on, and says so.
 */
@Command(name = "psu", description = PsuCommand.SUMMARY,
        subcommands = {PsuCommand.Idn.class, PsuCommand.Set.class, PsuCommand.Measure.class, PsuCommand.On.class,
                PsuCommand.Off.class})
final class PsuCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "A power supply: identity, setpoints, measurements, output.";

    /** Target and channel of every subcommand. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "URI|ROLE", description = "supply URI (owon:serial:///dev/ttyUSB0, owon:sim:SPE6103) or bench role")
        String target;

        @Option(names = "--channel", defaultValue = "1", description = "output channel (default ${DEFAULT-VALUE})")
        int channel;
    }

    abstract static class Operation extends DeviceOperation<PowerSupply> {
        @CommandLine.Mixin
        Target target;

        Operation() {
            super(PowerSupply.class);
        }

        abstract void run(PowerSupply supply, PowerOutput output, PrintWriter out);

        @Override
        protected String target() {
            return target.target;
        }

        @Override
        protected int run(PowerSupply supply, PrintWriter out) {
            // a channel the supply does not have is an IllegalArgumentException: a usage error
            run(supply, supply.channel(target.channel), out);
            return ExitCode.OK;
        }
    }

    @Command(name = "idn", description = "Vendor, model, serial, firmware and ratings.")
    static final class Idn extends Operation {
        @Override
        void run(PowerSupply supply, PowerOutput output, PrintWriter out) {
            PsuIdentity id = supply.identity();
            out.printf(Locale.ROOT, "%s %s serial %s firmware %s%n", id.vendor(), id.model(), id.serial(), id.firmware());
            out.printf(Locale.ROOT, "ratings: %.1f V, %.1f A, %.0f W, %d channel%s%n", supply.ratings().maxVolts(),
                    supply.ratings().maxAmps(), supply.ratings().maxWatts(), supply.ratings().channels(),
                    supply.ratings().channels() == 1 ? "" : "s");
        }
    }

    @Command(name = "set", description = "Set voltage and/or current (read back and verified).")
    static final class Set extends Operation {
        @Option(names = "--volts", description = "voltage setpoint")
        Double volts;
        @Option(names = "--amps", description = "current setpoint")
        Double amps;

        @Override
        void run(PowerSupply supply, PowerOutput output, PrintWriter out) {
            if (volts == null && amps == null) {
                throw new IllegalArgumentException("give --volts and/or --amps");
            }
            if (volts != null) {
                output.setVoltage(volts);
            }
            if (amps != null) {
                output.setCurrent(amps);
            }
            out.printf(Locale.ROOT, "channel %d: %.3f V, %.3f A (read back)%n", output.channel(), output.voltageSetpoint(),
                    output.currentSetpoint());
        }
    }

    @Command(name = "measure", description = "Measured voltage, current and power.")
    static final class Measure extends Operation {
        @Override
        void run(PowerSupply supply, PowerOutput output, PrintWriter out) {
            var m = output.measure();
            out.printf(Locale.ROOT, "channel %d: %.3f V, %.3f A, %.3f W, output %s%n", output.channel(), m.volts(), m.amps(),
                    m.watts(), output.isOutputOn() ? "on" : "off");
        }
    }

    @Command(name = "on", description = "Switch the output on (stays on only with safeOffOnClose=false on the URI).")
    static final class On extends Operation {
        @Override
        void run(PowerSupply supply, PowerOutput output, PrintWriter out) {
            output.setOutput(true);
            out.println("channel " + output.channel() + ": output on" + (supply.safeOffOnClose()
                    ? "; safe off switches it off again as the command ends (add safeOffOnClose=false to the URI to leave it on)"
                    : ""));
        }
    }

    @Command(name = "off", description = "Switch the output off.")
    static final class Off extends Operation {
        @Override
        void run(PowerSupply supply, PowerOutput output, PrintWriter out) {
            output.setOutput(false);
            out.println("channel " + output.channel() + ": output off");
        }
    }
}
