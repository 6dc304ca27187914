package dev.benchhal.lab.lease;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Renews leases while their holders work: every lease it keeps is renewed a third of its time before it would
 * end, so two renewals can fail (the database restarting, a busy disk) before it is lost. When a lease is lost
 * (someone else holds its boards now, or it expired because renewals kept failing) the keeper stops renewing it
 * and tells its owner once, so the run stops touching the boards.
 *
 * <p>One daemon thread renews every kept lease; thread-safe.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final LeaseStore store;
    private final Duration ttl;
    private final ScheduledExecutorService timer;

    /**
     * @param store the store the leases come from
     * @param ttl   the time each renewal extends a lease by; at least 30 ms
     */
    public LeaseKeeper(LeaseStore store, Duration ttl) {
        if (ttl.compareTo(Duration.ofMillis(30)) < 0) {
            throw new IllegalArgumentException("lease time: expected at least 30 ms, got " + ttl);
        }
        this.store = store;
        this.ttl = ttl;
        AtomicInteger n = new AtomicInteger();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-keeper-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the time each renewal extends a lease by */
    public Duration leaseTime() {
        return ttl;
    }

    /**
     * Keeps {@code lease} until the returned handle is closed.
     *
     * @param lease  a lease of the keeper's store
     * @param onLost told once, on the keeper's thread, when the lease is lost, with the reason
     * @return the handle: the current lease, and close to stop renewing (close does not release)
     */
    public Kept keep(Lease lease, Consumer<LeaseLostException> onLost) {
        Kept kept = new Kept(lease, onLost);
        long period = Math.max(10, ttl.toMillis() / 3);
        kept.task = timer.scheduleWithFixedDelay(kept::renew, period, period, TimeUnit.MILLISECONDS);
        return kept;
    }

    /** Stops renewing every lease. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** A lease being kept. */
    public final class Kept implements AutoCloseable {
        private final AtomicReference<Lease> current;
        private final Consumer<LeaseLostException> onLost;
        private volatile ScheduledFuture<?> task;
        private volatile LeaseLostException lost;

        private Kept(Lease lease, Consumer<LeaseLostException> onLost) {
            this.current = new AtomicReference<>(lease);
            this.onLost = onLost;
        }

        /** @return the lease as last renewed */
        public Lease lease() {
            return current.get();
        }

        /** @return why it was lost, or {@code null} while it is held */
        public LeaseLostException lost() {
            return lost;
        }

        private void renew() {
            Lease lease = current.get();
            try {
                current.set(store.renew(lease, ttl));
            } catch (LeaseLostException e) {
                lose(e);
            } catch (RuntimeException e) {
                // the store is unreachable: try again until the lease would have ended
                if (!Instant.now().isBefore(lease.expiresAt())) {
                    lose(new LeaseLostException(store.toString(), lease + " expired while renewals failed: " + e.getMessage(), e));
                } else {
                    LOG.warn("renewing {} failed ({}); retrying", lease, e.getMessage());
                }
            }
        }

        private void lose(LeaseLostException e) {
            if (lost == null) {
                lost = e;
                task.cancel(false);
                LOG.warn("lease lost: {}", e.getMessage());
                onLost.accept(e);
            }
        }

        /** Stops renewing; the lease runs out at its expiry unless released. */
        @Override
        public void close() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
