package dev.benchhal.tck.transport;

import dev.benchhal.spi.LineTransport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a real {@link LineTransport} and records the conversation as a script that
 * {@link ScriptedLineTransport#parse} plays back: run a session once on the bench, keep the
 * script as a test resource, and the driver test runs without hardware from then on.
 * Lines that contain a secret are the caller's responsibility; nothing is logged here.
 */
public final class RecordingLineTransport implements LineTransport {

    private final LineTransport delegate;
    private final StringBuilder script = new StringBuilder();

    /** @param delegate the real transport */
    public RecordingLineTransport(LineTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void writeLine(String line) {
        delegate.writeLine(line);
        script.append("> ").append(line).append('\n');
        notifyAll();
    }

    @Override
    public synchronized Optional<String> readLine(Duration timeout) {
        Optional<String> line = delegate.readLine(timeout);
        line.ifPresent(l -> script.append("< ").append(l).append('\n'));
        return line;
    }

    @Override
    public void discardInput() {
        delegate.discardInput();
    }

    /**
     * Waits until the driver has written {@code line} {@code count} times in all: for a test whose
     * driver writes from a thread of its own (a keep-alive). Blocks the caller; wakes on every write,
     * never polls.
     *
     * @param line    the exact line, without terminator
     * @param count   how many times in all
     * @param timeout how long to wait at most
     * @return whether the line was written that often before the timeout
     * @throws InterruptedException if the caller is interrupted while waiting
     */
    public synchronized boolean awaitWritten(String line, int count, Duration timeout) throws InterruptedException {
        String recorded = "> " + line;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (script.toString().lines().filter(recorded::equals).count() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** @return the recorded conversation in the script format */
    public synchronized String script() {
        return script.toString();
    }

    @Override
    public String describe() {
        return "recording " + delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
