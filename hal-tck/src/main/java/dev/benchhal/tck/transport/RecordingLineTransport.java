package dev.benchhal.tck.transport;

import dev.benchhal.spi.LineTransport;

import java.time.Duration;
import java.util.Optional;

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
