package dev.benchhal.lin.mock;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.time.BenchClock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link LinMock} ({@link LinMock#builder(LdfDatabase)}); the defaults are those of the
 * {@code lin-mock:} URI. Not thread-safe: one thread builds.
 */
public final class LinMockBuilder {
    final LdfDatabase ldf;
    DeviceUri uri = DeviceUri.parse("lin-mock:");
    BenchClock clock = BenchClock.system();
    int baud;
    Duration bootTime = Duration.ofMillis(50);
    Duration bootSettle;
    Duration wakeTime = Duration.ofMillis(100);
    long seed;
    int traceCapacity = 100_000;
    boolean powered = true;
    final Map<String, NodeBehaviour> behaviours = new LinkedHashMap<>();
    java.util.function.DoubleSupplier supply;

    LinMockBuilder(LdfDatabase ldf) {
        this.ldf = Objects.requireNonNull(ldf, "ldf");
    }

    /**
     * @param uri the URI the bus reports (messages, trace); default {@code lin-mock:}
     * @return this
     */
    public LinMockBuilder uri(DeviceUri uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        return this;
    }

    /**
     * @param clock the bench clock; default the system clock
     * @return this
     */
    public LinMockBuilder clock(BenchClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * @param baud bit/s, 1000..20000; default the LDF's speed
     * @return this
     */
    public LinMockBuilder baud(int baud) {
        LinProtocol.requireBaud(baud);
        this.baud = baud;
        return this;
    }

    /**
     * @param bootTime how long slaves stay silent after power-up; default 50 ms
     * @return this
     */
    public LinMockBuilder bootTime(Duration bootTime) {
        this.bootTime = nonNegative(bootTime, "bootTime");
        return this;
    }

    /**
     * @param bootSettle how long {@code powerUp()} waits; default the boot time
     * @return this
     */
    public LinMockBuilder bootSettle(Duration bootSettle) {
        this.bootSettle = nonNegative(bootSettle, "bootSettle");
        return this;
    }

    /**
     * @param wakeTime how long slaves stay silent after a wake-up pulse; default 100 ms
     * @return this
     */
    public LinMockBuilder wakeTime(Duration wakeTime) {
        this.wakeTime = nonNegative(wakeTime, "wakeTime");
        return this;
    }

    /**
     * @param seed seed of random faults and serial numbers; default 0
     * @return this
     */
    public LinMockBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * @param capacity trace entries kept; default 100,000
     * @return this
     */
    public LinMockBuilder traceCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("traceCapacity must be at least 1, not " + capacity);
        }
        this.traceCapacity = capacity;
        return this;
    }

    /**
     * @param powered whether the slaves have power at open; default true
     * @return this
     */
    public LinMockBuilder powered(boolean powered) {
        this.powered = powered;
        return this;
    }

    /**
     * @param node      an LDF slave name
     * @param behaviour what it does
     * @return this
     */
    public LinMockBuilder behaviour(String node, NodeBehaviour behaviour) {
        if (!ldf.slaves().contains(node)) {
            throw new NotFoundException(ldf.source(), "no slave \"" + node + "\"; slaves: " + ldf.slaves());
        }
        behaviours.put(node, Objects.requireNonNull(behaviour, "behaviour"));
        return this;
    }

    /**
     * Where the slaves' supply voltage comes from: asked before each frame (outside the bus lock),
     * and what node behaviours see through {@link SimulatedSlave#supplyVoltage()}.
     *
     * @param volts the supply voltage now, in volts (a bench supply's measured output)
     * @return this
     */
    public LinMockBuilder supply(java.util.function.DoubleSupplier volts) {
        this.supply = Objects.requireNonNull(volts, "volts");
        return this;
    }

    /** @return the simulated bus */
    public LinMock build() {
        return new LinMock(this);
    }

    private static Duration nonNegative(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        return d;
    }
}
