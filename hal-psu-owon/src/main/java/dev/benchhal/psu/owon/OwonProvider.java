package dev.benchhal.psu.owon;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.SimulatorLink;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverProvider;

import java.time.Duration;

/**
 * Scheme {@code owon}: {@code owon:serial:///dev/ttyUSB0} (or {@code owon:serial:COM7}),
 * {@code owon:sim:SPE6103}. Options: {@code baud} (115200), {@code timeout} (1s), {@code commandGap}
 * (50ms; 0 on the simulator), {@code openSettle} (300ms; 0 on the simulator), {@code safeOffOnClose}
 * (true), {@code force} and {@code model}, {@code keepAlive} (0: off), {@code tolerance} (0.011);
 * simulator: {@code serial}, {@code latency}, {@code load} (ohms on channel 1).
 */
public final class OwonProvider implements DriverProvider<PowerSupply> {

    /** Called by {@link java.util.ServiceLoader}. */
    public OwonProvider() {
    }

    @Override
    public String scheme() {
        return "owon";
    }

    @Override
    public Class<PowerSupply> family() {
        return PowerSupply.class;
    }

    @Override
    public String description() {
        return "Owon SPE/ODP supplies over serial, verified by read-back, safe off; simulator owon:sim:MODEL";
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
                throw new ConfigException(uri.toString(), "expected owon:serial:///dev/ttyUSB0 or owon:serial:COM7");
            }
            OwonSettings settings = OwonSettings.from(spec, Duration.ofMillis(300), Duration.ofMillis(50));
            int baud = spec.intOption("baud", 115_200);
            return OwonPowerSupply.open(settings, SerialLink.open(port, baud), context.clock(), context.safetyNet());
        }
        throw new ConfigException(uri.toString(), "expected owon:serial:///dev/ttyUSB0 or owon:sim:MODEL");
    }
}
