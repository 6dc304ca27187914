package dev.benchhal.lin.mock;

import dev.benchhal.lin.SlavePower;

import java.time.Duration;
import java.util.List;

/**
 * The slaves' supply and their sleep: whether they can answer a header at a given bench time
 * (powered, booted, awake), and the {@link SlavePower} switch of the simulated bus. State changes
 * happen under the bus lock; {@link #powerUp()} waits the boot settle time outside it.
 */
final class SlaveSupply implements SlavePower {

    private final LinMock bus;
    private final List<SimulatedSlave> slaves;
    private final Duration bootTime;
    private final Duration bootSettle;
    private final Duration wakeTime;
    private boolean powered;
    private boolean asleep;
    private long readyAtNanos;

    SlaveSupply(LinMock bus, List<SimulatedSlave> slaves, LinMockBuilder b, long startNanos) {
        this.bus = bus;
        this.slaves = slaves;
        this.bootTime = b.bootTime;
        this.bootSettle = b.bootSettle != null ? b.bootSettle : b.bootTime;
        this.wakeTime = b.wakeTime;
        this.powered = b.powered;
        this.readyAtNanos = startNanos;
    }

    /** Caller holds the bus lock. @return whether the slaves answer headers at this bench time */
    boolean responsiveAt(long nanos) {
        return powered && !asleep && nanos >= readyAtNanos;
    }

    /** Caller holds the bus lock. @return why the slaves do not answer now, for the trace */
    String silence() {
        return asleep ? "slaves asleep" : powered ? "slaves booting" : "slaves unpowered";
    }

    /** Caller holds the bus lock. @return whether the slaves have power (asleep or not) */
    boolean poweredLocked() {
        return powered;
    }

    /** Caller holds the bus lock. @return whether the slaves are asleep */
    boolean asleepLocked() {
        return asleep;
    }

    /**
     * A go-to-sleep command that ends at this bench time. Caller holds the bus lock.
     *
     * @return whether the slaves heard it and went to sleep
     */
    boolean goToSleep(long endNanos) {
        if (responsiveAt(endNanos)) {
            asleep = true;
            return true;
        }
        return false;
    }

    /** A wake-up pulse that ends at this bench time: sleeping slaves answer after the wake time. Caller holds the bus lock. */
    void wakeUp(long endNanos) {
        if (powered && asleep) {
            asleep = false;
            readyAtNanos = Math.max(readyAtNanos, endNanos + wakeTime.toNanos());
        }
    }

    @Override
    public void powerUp() {
        bus.requireOpen();
        bus.lock.lock();
        try {
            if (!powered) {
                powered = true;
                asleep = false;
                long now = bus.clock().nanoTime();
                readyAtNanos = now + bootTime.toNanos();
                bus.record(now, TraceEntry.Kind.POWER_ON, -1, new byte[0], -1, null, "", "boot time " + bootTime.toMillis() + " ms");
                for (SimulatedSlave s : slaves) {
                    s.powerLost(); // a boot starts from the init values and the saved configuration
                    if (s.behaviour != null) {
                        s.behaviour.onPowerUp(s);
                    }
                }
            }
        } finally {
            bus.lock.unlock();
        }
        bus.clock().sleep(bootSettle);
    }

    @Override
    public void powerDown() {
        bus.requireOpen();
        bus.lock.lock();
        try {
            if (powered) {
                powered = false;
                for (SimulatedSlave s : slaves) {
                    s.powerLost();
                }
                bus.record(bus.clock().nanoTime(), TraceEntry.Kind.POWER_OFF, -1, new byte[0], -1, null, "", "");
            }
        } finally {
            bus.lock.unlock();
        }
    }

    @Override
    public boolean isPowered() {
        bus.lock.lock();
        try {
            return powered;
        } finally {
            bus.lock.unlock();
        }
    }

    @Override
    public Duration bootSettle() {
        return bootSettle;
    }
}
