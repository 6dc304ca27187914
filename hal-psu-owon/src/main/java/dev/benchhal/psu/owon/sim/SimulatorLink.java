package dev.benchhal.psu.owon.sim;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.spi.LineTransport;
import dev.benchhal.time.BenchClock;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The simulator as a {@link LineTransport} in memory: a written line goes to the simulator, its
 * reply waits to be read after the simulator's latency in bench time. Replies the caller does not
 * read stay queued, as bytes in a serial buffer would, and {@link #discardInput()} drops only those
 * that have arrived: a reply still on its way comes later, as a late reply on a real line does.
 * Thread-safe.
 */
public final class SimulatorLink implements LineTransport {

    private final OwonSimulator simulator;
    private final BenchClock clock;
    private final String name;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private boolean closed;

    private record Reply(String line, long readyNanos) {
    }

    /**
     * @param simulator the supply
     * @param clock     the bench clock replies wait on
     * @param name      for messages
     */
    public SimulatorLink(OwonSimulator simulator, BenchClock clock, String name) {
        this.simulator = simulator;
        this.clock = clock;
        this.name = name;
    }

    /** @return the supply at the other end */
    public OwonSimulator simulator() {
        return simulator;
    }

    @Override
    public synchronized void writeLine(String line) {
        requireOpen();
        simulator.handle(line).ifPresent(reply ->
                replies.add(new Reply(reply, clock.nanoTime() + simulator.latency().toNanos())));
    }

    @Override
    public Optional<String> readLine(Duration timeout) {
        Reply next;
        synchronized (this) {
            requireOpen();
            next = replies.peek();
            if (next == null) {
                clock.sleep(timeout);     // nothing will come: the reader waits out its timeout
                return Optional.empty();
            }
            long wait = next.readyNanos - clock.nanoTime();
            if (wait > timeout.toNanos()) {
                clock.sleep(timeout);
                return Optional.empty();
            }
            replies.poll();
        }
        if (next.readyNanos > clock.nanoTime()) {
            clock.sleep(Duration.ofNanos(next.readyNanos - clock.nanoTime()));
        }
        return Optional.of(next.line);
    }

    @Override
    public synchronized void discardInput() {
        long now = clock.nanoTime();
        replies.removeIf(r -> r.readyNanos <= now);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new DisconnectedException(name, "the simulated link is closed");
        }
    }
}
