package dev.benchhal.shell.ssh;

import com.jcraft.jsch.Session;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.util.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Connections to one host, each carrying a bounded number of channels. A caller leases a
 * channel slot; the pool picks a live connection with room, opens a new one while under the
 * connection limit, or waits. A connection found dead is dropped, and the next lease gets a
 * fresh one. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {

    /** One connection and its use count. */
    private static final class Slot {
        final Session session;
        int inUse;
        boolean broken;

        Slot(Session session) {
            this.session = session;
        }

        boolean usable(int max) {
            return !broken && session.isConnected() && inUse < max;
        }
    }

    /** A channel slot on one connection; release it exactly once. */
    final class Lease {
        private final Slot slot;
        private boolean released;

        private Lease(Slot slot) {
            this.slot = slot;
        }

        Session session() {
            return slot.session;
        }

        /** @param broken {@code true} when the connection failed under this lease: it is dropped once idle */
        void release(boolean broken) {
            lock.lock();
            try {
                if (released) {
                    return;
                }
                released = true;
                slot.inUse--;
                slot.broken |= broken || !slot.session.isConnected();
                if (slot.broken && slot.inUse == 0) {
                    slots.remove(slot);
                    slot.session.disconnect();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private final String source;
    private final Supplier<Session> connector;
    private final int maxConnections;
    private final int maxSessions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Slot> slots = new ArrayList<>();
    private int connecting;
    private boolean closed;

    ConnectionPool(String source, Supplier<Session> connector, int maxConnections, int maxSessions) {
        this.source = source;
        this.connector = connector;
        this.maxConnections = maxConnections;
        this.maxSessions = maxSessions;
    }

    /**
     * @param wait how long to wait for a free slot
     * @return a lease on a live connection
     * @throws HalTimeoutException  when every slot stays busy for {@code wait}
     * @throws DisconnectedException after close
     */
    Lease acquire(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new DisconnectedException(source, "SSH shell is closed");
                }
                slots.removeIf(s -> {
                    boolean dead = s.inUse == 0 && (s.broken || !s.session.isConnected());
                    if (dead) {
                        s.session.disconnect();
                    }
                    return dead;
                });
                for (Slot s : slots) {
                    if (s.usable(maxSessions)) {
                        s.inUse++;
                        return new Lease(s);
                    }
                }
                if (live() + connecting < maxConnections) {
                    connecting++;
                    lock.unlock();
                    Session session;
                    try {
                        session = connector.get();
                    } finally {
                        lock.lock();
                        connecting--;
                        changed.signalAll();
                    }
                    if (closed) {
                        session.disconnect();
                        throw new DisconnectedException(source, "SSH shell is closed");
                    }
                    Slot s = new Slot(session);
                    s.inUse = 1;
                    slots.add(s);
                    return new Lease(s);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new HalTimeoutException(source, "no SSH channel became free within " + Durations.format(wait)
                            + " (" + maxConnections + " connections x " + maxSessions + " channels busy)");
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.benchhal.error.HalInterruptedException(source, "interrupted while waiting for an SSH channel", e);
        } finally {
            lock.unlock();
        }
    }

    private long live() {
        return slots.stream().filter(s -> !s.broken && s.session.isConnected()).count();
    }

    /** @return connections open now, for tests and diagnostics */
    int connections() {
        lock.lock();
        try {
            return (int) live();
        } finally {
            lock.unlock();
        }
    }

    /** Disconnects everything; leases still out see their channels close. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            slots.forEach(s -> s.session.disconnect());
            slots.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
