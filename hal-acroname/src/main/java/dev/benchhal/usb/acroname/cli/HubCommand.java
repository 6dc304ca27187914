package dev.benchhal.usb.acroname.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.DeviceOperation;
import dev.benchhal.cli.spi.DeviceHandle;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.ProviderInfo;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbPortFlag;
import dev.benchhal.usb.UsbPortState;
import dev.benchhal.usb.acroname.AcronameProvider;
import dev.benchhal.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code benchhal hub discover|ports|on|off|cycle}: USB hubs through any UsbHub driver, by URI or bench role. */
@Command(name = "hub", description = HubCommand.SUMMARY,
        subcommands = {HubCommand.Discover.class, HubCommand.Ports.class, HubCommand.On.class, HubCommand.Off.class,
                HubCommand.Cycle.class})
final class HubCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "USB hubs: discover them, show ports, switch port power.";

    final CliContext context;

    HubCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "discover", description = "List the hubs the installed UsbHub drivers find on this machine.")
    static final class Discover implements Callable<Integer> {
        @ParentCommand
        HubCommand hub;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--via", paramLabel = "URI|ROLE",
                description = "discover with Acroname's SDK on a lab host (its HostShell: ssh://..., or a bench role)")
        String via;

        @Option(names = "--python", defaultValue = "python3", description = "the lab host's Python with the SDK (default ${DEFAULT-VALUE})")
        String python;

        @Override
        public Integer call() {
            Table table = new Table("URI", "DESCRIPTION");
            int found = 0;
            if (via != null) {
                try (DeviceHandle<HostShell> shell = hub.context.open(via, HostShell.class)) {
                    for (DiscoveredDevice d : AcronameProvider.discoverOn(shell.device(), python, Optional.empty())) {
                        table.row(d.uri() + (via.contains(":") ? "" : "&via=" + via), d.description());
                        found++;
                    }
                }
            }
            for (ProviderInfo p : via != null ? List.<ProviderInfo>of() : hub.context.registry().installed()) {
                if (!p.family().equals(UsbHub.class.getSimpleName())) {
                    continue;
                }
                for (DiscoveredDevice d : hub.context.registry().provider(p.scheme()).discover(DriverContext.standalone())) {
                    table.row(d.uri(), d.description());
                    found++;
                }
            }
            if (found == 0) {
                spec.commandLine().getErr().println("benchhal: no USB hub found (none attached, no access, or no USB "
                        + "subsystem; docs/drivers/acroname.md has the udev rule)");
                return ExitCode.NOT_FOUND;
            }
            table.print(spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }

    /** Target of the port subcommands. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "URI|ROLE", description = "hub URI (acroname:usb:SERIAL, acroname:sim), or a bench role")
        String target;
    }

    /** An operation on one hub. */
    abstract static class OnHub extends DeviceOperation<UsbHub> {
        @CommandLine.Mixin
        Target target;

        OnHub() {
            super(UsbHub.class);
        }

        @Override
        protected String target() {
            return target.target;
        }
    }

    @Command(name = "ports", description = "Show every port: power, data, flags, voltage, current, current limit.")
    static final class Ports extends OnHub {
        @Override
        protected int run(UsbHub usb, PrintWriter out) {
            out.println(usb.info().model() + " " + usb.info().serial()
                    + (usb.info().firmware().isEmpty() ? "" : ", firmware " + usb.info().firmware()));
            Table table = new Table("PORT", "POWER", "FLAGS", "VOLTS", "AMPS", "LIMIT_A");
            for (int p = 0; p < usb.portCount(); p++) {
                UsbPortState s = usb.portState(p);
                table.row(p, s.powered() ? "on" : "off", s.flags().stream().map(UsbPortFlag::name).sorted()
                                .collect(Collectors.joining(",")),
                        String.format(Locale.ROOT, "%.3f", s.volts()), String.format(Locale.ROOT, "%.3f", s.amps()),
                        String.format(Locale.ROOT, "%.2f", usb.portCurrentLimit(p)));
            }
            table.print(out);
            return ExitCode.OK;
        }
    }

    abstract static class Switch extends OnHub {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "PORT", description = "0-based ports")
        List<Integer> ports;

        abstract void apply(UsbHub usb, int port);

        abstract String done();

        @Override
        protected int run(UsbHub usb, PrintWriter out) {
            for (int port : ports) {
                apply(usb, port);
                out.println("port " + port + " " + done());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "on", description = "Enable ports: VBUS and data.")
    static final class On extends Switch {
        @Override
        void apply(UsbHub usb, int port) {
            usb.setPortEnabled(port, true);
        }

        @Override
        String done() {
            return "on";
        }
    }

    @Command(name = "off", description = "Disable ports: VBUS and data.")
    static final class Off extends Switch {
        @Override
        void apply(UsbHub usb, int port) {
            usb.setPortEnabled(port, false);
        }

        @Override
        String done() {
            return "off";
        }
    }

    @Command(name = "cycle", description = "Power-cycle ports: VBUS off, wait, on.")
    static final class Cycle extends Switch {
        @Option(names = "--off-time", defaultValue = "2s", description = "how long VBUS stays off (default ${DEFAULT-VALUE})")
        Duration offTime;

        @Override
        void apply(UsbHub usb, int port) {
            usb.powerCycle(port, offTime);
        }

        @Override
        String done() {
            return "power-cycled (" + Durations.format(offTime) + " off)";
        }
    }
}
