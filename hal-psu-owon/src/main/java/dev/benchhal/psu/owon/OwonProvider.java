package dev.benchhal.psu.owon;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.SimulatorLink;
import dev.benchhal.spi.BasicDriverProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Scheme {@code owon}: {@code owon:serial:///dev/ttyUSB0} (or {@code owon:serial:COM7}),
 * {@code owon:serial:auto} (find it: USB serial adapters probed with {@code *IDN?}; {@code resolve=true} tries
 * the configured port first, then its WSL translation, then the adapters; {@code idn} filters by a text the
 * identity must contain), {@code owon:tcp://HOST:PORT} (LAN models), {@code owon:sim:SPE6103}. Options: {@code baud} (115200), {@code timeout} (1s), {@code commandGap}
 * (50ms; 0 on the simulator), {@code openSettle} (300ms; 0 on the simulator), {@code safeOffOnClose}
 * (true), {@code force} and {@code model}, {@code keepAlive} (0: off), {@code tolerance} (0.011);
 * simulator: {@code serial}, {@code latency}, {@code load} (ohms on channel 1).
 */
public final class OwonProvider extends BasicDriverProvider<PowerSupply> {


    /** Called by {@link java.util.ServiceLoader}. */
    public OwonProvider() {
        super("owon", PowerSupply.class, API_VERSION,
                "Owon SPE/ODP supplies over serial, verified by read-back, safe off; simulator owon:sim:MODEL");
    }

    /** Opens a candidate port, asks {@code *IDN?} and closes it again. */
    private static String probe(String port, int baud, OwonSettings settings) {
        try (SerialLink link = SerialLink.open(port, baud)) {
            link.discardInput();
            return link.query("*IDN?", settings.timeout());
        }
    }

    /** {@code owon:sim:MODEL}: the real driver over the SCPI simulator in memory. */
    @Override
    public boolean simulates(DeviceSpec spec) {
        return spec.uri().target().startsWith("sim:");
    }

    @Override
    public PowerSupply open(DeviceSpec spec, DriverContext context) {
        DeviceUri uri = spec.uri();
        String target = uri.target();
        if (target.startsWith("sim:")) {
            String name = target.substring(4);
            OwonModel model = OwonModel.byName(name).orElseThrow(() -> new ConfigException(uri.toString(),
                    "unknown simulated model \"" + name + "\"; models: " + OwonModel.names()));
            OwonSettings settings = OwonSettings.from(spec, Duration.ZERO, Duration.ZERO);
            OwonSimulator simulator = new OwonSimulator(model, spec.option("serial").orElse("SIM00001"), context.clock());
            simulator.setLatency(spec.durationOption("latency", Duration.ZERO));
            simulator.setLoad(1, spec.doubleOption("load", 100));
            return OwonPowerSupply.open(settings, new SimulatorLink(simulator, context.clock(), uri.toString()),
                    context.clock(), context.safetyNet());
        }
        if (target.startsWith("serial:")) {
            String port = target.substring("serial:".length()).replaceFirst("^//", "");
            if (port.isEmpty()) {
                throw new ConfigException(uri.toString(), "expected owon:serial:///dev/ttyUSB0, owon:serial:COM7 or "
                        + "owon:serial:auto");
            }
            OwonSettings settings = OwonSettings.from(spec, Duration.ofMillis(300), Duration.ofMillis(50));
            int baud = spec.intOption("baud", 115_200);
            if (port.equals("auto") || spec.booleanOption("resolve", false)) {
                Optional<String> configured = port.equals("auto") ? Optional.empty() : Optional.of(port);
                PortResolver.Candidate found = PortResolver.resolve(
                        PortResolver.candidates(configured, Path.of("/dev"), Path.of("/sys/class/tty")),
                        candidate -> probe(candidate, baud, settings), spec.option("idn"), uri.toString());
                log().info("{}: supply found on {} ({})", uri, found.port(), found.why());
                port = found.port();
            }
            return OwonPowerSupply.open(settings, SerialLink.open(port, baud), context.clock(), context.safetyNet());
        }
        if (target.startsWith("tcp://")) {
            DeviceUri tcp = uri.nested();
            String host = tcp.host().orElseThrow(() -> new ConfigException(uri.toString(), "expected owon:tcp://HOST:PORT"));
            if (tcp.port().isEmpty()) {
                throw new ConfigException(uri.toString(), "expected owon:tcp://HOST:PORT (the supply's port, often 3000 or 4196)");
            }
            int port = tcp.port().getAsInt();
            OwonSettings settings = OwonSettings.from(spec, Duration.ZERO, Duration.ofMillis(50));
            return OwonPowerSupply.open(settings, TcpLink.open(host, port, settings.timeout()), context.clock(),
                    context.safetyNet());
        }
        throw new ConfigException(uri.toString(), "expected owon:serial:///dev/ttyUSB0, owon:tcp://HOST:PORT or owon:sim:MODEL");
    }
}
