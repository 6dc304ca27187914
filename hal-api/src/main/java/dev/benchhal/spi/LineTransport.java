package dev.benchhal.spi;

import dev.benchhal.error.HalTimeoutException;

import java.time.Duration;
import java.util.Optional;

/**
 * A line-oriented link to an instrument or a bridge process: SCPI over serial or TCP, JSON
 * lines over a pipe. Drivers talk to this interface, so a real port, an in-memory simulator, a
 * scripted transport ({@code hal-tck}) or a recorder plug in without changing the driver.
 *
 * <p>Implementations add and strip the terminators of their link. They are not required to be
 * thread-safe: the driver serializes access (one command in flight).
 */
public interface LineTransport extends AutoCloseable {

    /**
     * Sends one line; the transport adds the terminator.
     *
     * @param line the text without terminator
     * @throws dev.benchhal.error.DisconnectedException when the link is gone
     */
    void writeLine(String line);

    /**
     * Reads the next line.
     *
     * @param timeout how long to wait for a complete line
     * @return the line without terminator, or empty when none came in time
     * @throws dev.benchhal.error.DisconnectedException when the link is gone
     */
    Optional<String> readLine(Duration timeout);

    /**
     * Sends a line and reads the reply.
     *
     * @param line    the query
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws HalTimeoutException naming the query when no reply came
     */
    default String query(String line, Duration timeout) {
        writeLine(line);
        return readLine(timeout).orElseThrow(() -> new HalTimeoutException(describe(),
                line + " got no reply within " + dev.benchhal.util.Durations.format(timeout)));
    }

    /** Discards input that arrived and was not read (stale replies after a timeout). */
    void discardInput();

    /** @return the link for messages, e.g. {@code /dev/ttyUSB0 115200 8N1} */
    String describe();

    /** Closes the link; idempotent. */
    @Override
    void close();
}
