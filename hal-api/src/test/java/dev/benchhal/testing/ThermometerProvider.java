package dev.benchhal.testing;

import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Scheme "thermo" (or another); opens {@link FakeThermometer}s, counting opens. */
public class ThermometerProvider implements DriverProvider<Thermometer> {
    private final String scheme;
    public final AtomicInteger opens = new AtomicInteger();
    public final List<String> closeLog = Collections.synchronizedList(new ArrayList<>());

    public ThermometerProvider() {
        this("thermo");
    }

    public ThermometerProvider(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    /** {@code thermo:sim...} is a simulated thermometer, for the choice of a bench's clock. */
    @Override
    public boolean simulates(DeviceSpec spec) {
        return spec.uri().target().startsWith("sim");
    }

    @Override
    public Class<Thermometer> family() {
        return Thermometer.class;
    }

    @Override
    public Thermometer open(DeviceSpec spec, DriverContext context) {
        opens.incrementAndGet();
        // "needs=ROLE" makes this device depend on another role, like pcie:ssh on the rig shell
        spec.option("needs").ifPresent(other -> context.device(other, Thermometer.class));
        if (spec.option("openDelayMs").isPresent()) {
            try {
                Thread.sleep(spec.intOption("openDelayMs", 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new FakeThermometer(spec, closeLog);
    }
}
