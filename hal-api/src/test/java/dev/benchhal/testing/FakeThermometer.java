package dev.benchhal.testing;

import dev.benchhal.DeviceUri;
import dev.benchhal.spi.DeviceSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records its close; can be told to fail or hang in close. */
public final class FakeThermometer implements Thermometer {
    private final DeviceSpec spec;
    private final List<String> closeLog;
    public final AtomicInteger closes = new AtomicInteger();

    public FakeThermometer(DeviceSpec spec, List<String> closeLog) {
        this.spec = spec;
        this.closeLog = closeLog;
    }

    public DeviceSpec spec() {
        return spec;
    }

    @Override
    public double measureCelsius() {
        return 21.5;
    }

    @Override
    public DeviceUri uri() {
        return spec.uri();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        if (spec.booleanOption("failClose", false)) {
            throw new IllegalStateException("close failed for " + spec.role());
        }
        Duration hang = spec.durationOption("hangClose", Duration.ZERO);
        if (!hang.isZero()) {
            try {
                Thread.sleep(hang.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (closeLog) {
            closeLog.add(spec.role());
        }
    }
}
