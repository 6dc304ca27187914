package dev.benchhal.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Builds the firmware that the connected boards need, several builds at once, as boards appear (the seed's
 * {@code FirmwareBartender}): each finished build goes on the {@link FirmwareShelf} and is announced to a
 * listener, which may unlock runs that waited for it. A variant is built once, however often it is asked for.
 *
 * <p>Thread-safe. {@link #request} never blocks; builds run on the bartender's own threads.
 */
public final class FirmwareBartender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareBartender.class);

    private final FirmwareBuilder builder;
    private final FirmwareShelf shelf;
    private final Consumer<Firmware> onBuilt;
    private final ExecutorService builds;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * @param builder  builds one variant
     * @param shelf    where finished builds go
     * @param parallel how many builds run at once, at least 1
     * @param onBuilt  told of every build that ended, built or failed (the {@link FirmwareShelf} says which);
     *                 called on a builder thread
     */
    public FirmwareBartender(FirmwareBuilder builder, FirmwareShelf shelf, int parallel, Consumer<Firmware> onBuilt) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel firmware builds: expected at least 1, got " + parallel);
        }
        this.builder = builder;
        this.shelf = shelf;
        this.onBuilt = onBuilt;
        AtomicInteger threads = new AtomicInteger();
        this.builds = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "firmware-build-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts building {@code type}'s {@code variant} unless it was asked for before.
     *
     * @param type    the board type
     * @param variant the variant, empty for the default
     * @return whether a new build was started
     */
    public boolean request(String type, String variant) {
        Firmware wanted = new Firmware(type, variant, null);
        if (!requested.add(wanted.label())) {
            return false;
        }
        pending.incrementAndGet();
        builds.execute(() -> build(wanted));
        return true;
    }

    /** @return how many builds were asked for and have not ended */
    public int pending() {
        return pending.get();
    }

    private void build(Firmware wanted) {
        try {
            Firmware built = builder.build(wanted.type(), wanted.variant());
            if (!built.label().equals(wanted.label())) {
                throw new IllegalStateException("the builder made " + built.label() + " when asked for " + wanted.label());
            }
            shelf.put(built);
            LOG.info("firmware {} built", built);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            shelf.failed(wanted.type(), wanted.variant(), reason);
            LOG.warn("firmware {} failed to build: {}", wanted.label(), reason);
        } finally {
            pending.decrementAndGet();
            onBuilt.accept(wanted);
        }
    }

    /** Stops the builds: running ones are interrupted, waiting ones dropped. Waits up to 10 s for them to end. */
    @Override
    public void close() {
        builds.shutdownNow();
        try {
            if (!builds.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("firmware builds still running 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
