package dev.benchhal.lin.mock;

import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.lin.LinBusException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.EventTriggeredFrame;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.LdfFrame;
import dev.benchhal.lin.ldf.NodeConfiguration;
import dev.benchhal.lin.ldf.ScheduleCommand;
import dev.benchhal.lin.ldf.ScheduleEntry;
import dev.benchhal.lin.ldf.ScheduleTable;
import dev.benchhal.lin.ldf.SporadicFrame;
import dev.benchhal.core.time.VirtualClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Plays LDF schedule tables as the master would: each slot's frame or command, then the rest of
 * the slot's delay, table after table. Master frames carry the {@link LinMock#master()} values;
 * slave responses update them; a sporadic slot sends the first of its frames whose master signals
 * changed; an event-triggered slot that collides runs the frame's collision resolving table once;
 * {@code MasterReq} slots send what {@link #queueMasterRequest(LinFrame)} queued; node
 * configuration commands send their master requests. Errors (no response, checksum, collision)
 * go to the bus trace and the schedule goes on.
 * <p>{@link #start(String)} runs a table on a thread of its own until {@link #stop()} or another
 * {@code start}; on an auto-advancing {@link VirtualClock} that thread joins the clock, so bench time
 * moves slot by slot in step with the tests. {@link #runOnce(String)} plays one pass on the caller's
 * thread. Thread-safe.
 */
public final class ScheduleRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);

    private final LinMock bus;
    private final Deque<LinFrame> masterRequests = new ArrayDeque<>();
    private Thread thread;
    private volatile String table;
    private volatile boolean running;
    private volatile long slots;

    ScheduleRunner(LinMock bus) {
        this.bus = bus;
    }

    /**
     * Runs a table over and over on a background thread (switching from the one running, at the end
     * of its current slot).
     *
     * @param name a schedule table of the LDF
     * @throws NotFoundException when there is no such table
     */
    public synchronized void start(String name) {
        ScheduleTable t = table(name);
        table = t.name();
        if (running) {
            return;
        }
        running = true;
        if (bus.clock() instanceof VirtualClock && ((VirtualClock) bus.clock()).isAutoAdvancing()) {
            // the runner joins the clock, so virtual time moves slot by slot with it; start() returns
            // only once it has joined, or a test thread's sleep could jump past the first slots
            VirtualClock clock = (VirtualClock) bus.clock();
            CountDownLatch joined = new CountDownLatch(1);
            thread = new Thread(() -> {
                try (VirtualClock.Participation participation = clock.join()) {
                    joined.countDown();
                    loop();
                }
            }, "lin-mock-schedule");
            thread.setDaemon(true);
            thread.start();
            try {
                joined.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.benchhal.error.HalInterruptedException(bus.uri().toString(),
                        "interrupted while starting the schedule runner", e);
            }
        } else {
            thread = new Thread(this::loop, "lin-mock-schedule");
            thread.setDaemon(true);
            thread.start();
        }
        LOG.info("{}: schedule table {} running", bus.uri(), name);
    }

    /** Stops the background runner after its current slot and waits for it. */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the table the background runner plays, when it runs */
    public Optional<String> current() {
        return running ? Optional.ofNullable(table) : Optional.empty();
    }

    /** @return how many slots ran so far */
    public long slotsRun() {
        return slots;
    }

    /**
     * Queues a master request for the next {@code MasterReq} slot.
     *
     * @param request a 0x3C frame
     */
    public void queueMasterRequest(LinFrame request) {
        if (Objects.requireNonNull(request, "request").id() != LinProtocol.MASTER_REQUEST_ID) {
            throw new IllegalArgumentException("MasterReq slots carry 0x3C frames, not " + request);
        }
        synchronized (masterRequests) {
            masterRequests.add(request);
        }
    }

    /**
     * Plays one pass of a table on the calling thread.
     *
     * @param name a schedule table of the LDF
     */
    public void runOnce(String name) {
        for (ScheduleEntry entry : table(name).entries()) {
            slot(entry, true);
        }
    }

    private void loop() {
        try {
            while (running) {
                ScheduleTable t = table(table);
                for (ScheduleEntry entry : t.entries()) {
                    if (!running || !t.name().equals(table)) {
                        break;
                    }
                    slot(entry, true);
                }
            }
        } catch (dev.benchhal.error.HalInterruptedException | dev.benchhal.error.DisconnectedException stopped) {
            LOG.debug("schedule runner stopped: {}", stopped.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{}: schedule runner failed", bus.uri(), e);
        } finally {
            running = false;
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // slots has one writer, the runner thread; others only read it
    private void slot(ScheduleEntry entry, boolean resolveCollisions) {
        long start = bus.clock().nanoTime();
        try {
            command(entry.command(), resolveCollisions);
        } catch (LinBusException collision) {
            // recorded in the trace; resolved where the LDF says how
        } catch (HalException failed) {
            LOG.debug("{}: slot {} failed: {}", bus.uri(), entry.command().keyword(), failed.getMessage());
        }
        slots++;
        long left = start + entry.delay().toNanos() - bus.clock().nanoTime();
        if (left > 0) {
            bus.clock().sleep(Duration.ofNanos(left));
        }
    }

    private void command(ScheduleCommand command, boolean resolveCollisions) {
        LdfDatabase ldf = bus.ldf();
        if (command instanceof ScheduleCommand.SendFrame) {
            String name = ((ScheduleCommand.SendFrame) command).frame();
            Optional<LdfFrame> frame = ldf.frame(name);
            if (frame.isPresent()) {
                unconditional(frame.get());
                return;
            }
            for (SporadicFrame sporadic : ldf.sporadicFrames()) {
                if (sporadic.name().equals(name)) {
                    sporadic(sporadic);
                    return;
                }
            }
            for (EventTriggeredFrame etf : ldf.eventTriggeredFrames()) {
                if (etf.name().equals(name)) {
                    eventTriggered(etf, resolveCollisions);
                    return;
                }
            }
            if (name.equals("MasterReq")) {
                masterRequest();
            } else if (name.equals("SlaveResp")) {
                bus.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8, LinChecksumType.CLASSIC, window(8));
            }
            return;
        }
        if (command instanceof ScheduleCommand.MasterReq) {
            masterRequest();
        } else if (command instanceof ScheduleCommand.SlaveResp) {
            bus.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8, LinChecksumType.CLASSIC, window(8));
        } else {
            bus.send(NodeConfiguration.masterRequest(command, ldf));
        }
    }

    private void unconditional(LdfFrame frame) {
        LinChecksumType model = bus.checksumModel(frame);
        if (bus.ldf().master() != null && frame.publisher().equals(bus.ldf().master().name())) {
            byte[] data;
            MasterNode master = bus.master();
            bus.lock.lock();
            try {
                data = master.pack(frame.name());
                master.updatedFrames.remove(frame.name());
            } finally {
                bus.lock.unlock();
            }
            bus.send(new LinFrame(frame.id(), data, model));
        } else {
            bus.requestResponse(frame.id(), frame.length(), model, window(frame.length()));
        }
    }

    private void sporadic(SporadicFrame sporadic) {
        MasterNode master = bus.master();
        for (String candidate : sporadic.frames()) {
            boolean updated;
            bus.lock.lock();
            try {
                updated = master.updatedFrames.contains(candidate);
            } finally {
                bus.lock.unlock();
            }
            if (updated) {
                unconditional(bus.ldf().requireFrame(candidate));
                return;
            }
        }
    }

    private void eventTriggered(EventTriggeredFrame etf, boolean resolveCollisions) {
        int length = etf.frames().isEmpty() ? 8 : bus.ldf().requireFrame(etf.frames().get(0)).length();
        LinChecksumType model = etf.frames().isEmpty() ? LinChecksumType.ENHANCED
                : bus.checksumModel(bus.ldf().requireFrame(etf.frames().get(0)));
        try {
            bus.requestResponse(etf.id(), length, model, window(length));
        } catch (LinBusException collision) {
            if (resolveCollisions && etf.collisionResolvingTable() != null) {
                for (ScheduleEntry entry : table(etf.collisionResolvingTable()).entries()) {
                    slot(entry, false);
                }
            } else if (resolveCollisions) {
                // LIN 2.0 has no collision table: poll the associated frames one by one
                for (String associated : etf.frames()) {
                    try {
                        unconditional(bus.ldf().requireFrame(associated));
                    } catch (HalException ignored) {
                        // in the trace
                    }
                }
            }
        }
    }

    private void masterRequest() {
        LinFrame request;
        synchronized (masterRequests) {
            request = masterRequests.poll();
        }
        if (request != null) {
            bus.send(request);
        }
    }

    private Duration window(int length) {
        return LinProtocol.maximumFrameTime(length, bus.baudRate());
    }

    private ScheduleTable table(String name) {
        return bus.ldf().scheduleTable(name).orElseThrow(() -> new NotFoundException(bus.uri().toString(),
                "no schedule table \"" + name + "\"; tables: " + bus.ldf().scheduleTables().stream()
                        .map(ScheduleTable::name).toList()));
    }
}
