package dev.benchhal.psu.owon;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.psu.PsuIdentity;
import dev.benchhal.spi.LineTransport;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;
import dev.benchhal.util.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SCPI conversation with an Owon supply over a line transport: one transaction at a time; each
 * set verified by reading it back; every reply checked for its query's shape; after a reply went
 * missing (a timeout, a reply of the wrong shape) the link is brought back in step with a marker
 * query before any answer is trusted. ODP models get {@code INST CHn} before every channel command
 * (never cached: the panel can change it). Thread-safe.
 */
final class ScpiLink {

    private static final Logger LOG = LoggerFactory.getLogger(ScpiLink.class);
    /** A reply to a numeric query: a decimal number, optionally with its unit. */
    private static final Pattern NUMBER = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*(?:[mkM]?[VAW])?");
    /** How often the identity query is asked before a noisy or silent device is refused. */
    private static final int IDENTITY_ATTEMPTS = 3;
    /** How many lines resynchronisation reads at most while looking for the identity marker. */
    private static final int RESYNC_MAX_LINES = 16;

    private final OwonSettings settings;
    private final LineTransport link;
    private final BenchClock clock;
    private final OwonModel model;
    /** The supply's exact {@code *IDN?} answer: the marker that brings the link back in step. */
    private final String idn;
    private final ReentrantLock lock = new ReentrantLock();
    /** Set when a reply may still be on its way (a timeout, a reply of the wrong shape): no answer is trusted until resynchronised. */
    private boolean outOfStep;
    private volatile boolean closed;

    /**
     * @param settings the supply's settings (timeouts, command gap, tolerance)
     * @param link     the open line
     * @param clock    the bench clock
     * @param model    the model (multi-channel models select the channel)
     * @param idn      the identity the supply gave ({@link #identify})
     */
    ScpiLink(OwonSettings settings, LineTransport link, BenchClock clock, OwonModel model, String idn) {
        this.settings = settings;
        this.link = link;
        this.clock = clock;
        this.model = model;
        this.idn = idn;
    }

    /**
     * Asks {@code *IDN?} until a reply carries an identity: line noise (a supply just powered, a USB
     * adapter's glitch) is stripped, and a reply that is still not an identity is asked again, at most
     * {@value #IDENTITY_ATTEMPTS} times.
     *
     * @return the identity line, noise removed
     * @throws NotFoundException when no attempt gave an identity
     * @throws HalTimeoutException when the device never answered
     */
    static String identify(LineTransport link, OwonSettings settings) {
        String last = null;
        for (int attempt = 1; attempt <= IDENTITY_ATTEMPTS; attempt++) {
            link.discardInput();
            Optional<String> reply;
            try {
                reply = Optional.of(link.query("*IDN?", settings.timeout()));
            } catch (HalTimeoutException e) {
                if (attempt == IDENTITY_ATTEMPTS && last == null) {
                    throw e;
                }
                reply = Optional.empty();
            }
            if (reply.isPresent()) {
                last = reply.get();
                Optional<String> identity = identityIn(last);
                if (identity.isPresent()) {
                    if (attempt > 1 || !identity.get().equals(last)) {
                        LOG.debug("{}: identity read through line noise (attempt {})", link.describe(), attempt);
                    }
                    return identity.get();
                }
            }
        }
        throw new NotFoundException(link.describe(), "*IDN? answered \"" + Printable.escape(last) + "\" "
                + IDENTITY_ATTEMPTS + " times: not a supply identity (wrong device on the port?)");
    }

    /** The identity in a reply with noise around it: printable ASCII only, from a known vendor's name on. */
    static Optional<String> identityIn(String reply) {
        StringBuilder clean = new StringBuilder(reply.length());
        reply.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> clean.append((char) c));
        String text = clean.toString().strip();
        String upper = text.toUpperCase(Locale.ROOT);
        for (String vendor : List.of("OWON,", "KIPRIM,")) {
            int at = upper.lastIndexOf(vendor);
            if (at >= 0) {
                text = text.substring(at);
                break;
            }
        }
        try {
            PsuIdentity.parse(text);
            return Optional.of(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return the line's description, for messages */
    String describe() {
        return link.describe();
    }

    /**
     * Runs several commands as one transaction (no other caller's command between them).
     *
     * @param <T>         what they give
     * @param transaction the commands
     * @return their result
     */
    <T> T inOneTransaction(Supplier<T> transaction) {
        lock.lock();
        try {
            return transaction.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param channel the channel
     * @param query   a numeric query ({@code VOLT?})
     * @return its number
     */
    double queryNumber(int channel, String query) {
        return number(query, query(channel, query));
    }

    /**
     * @param channel the channel
     * @return whether its output is on ({@code OUTP?})
     */
    boolean queryOutput(int channel) {
        return outputState(query(channel, "OUTP?"));
    }

    /**
     * Switches an output and verifies it by {@code OUTP?}.
     *
     * @param channel the channel
     * @param on      on or off
     */
    void setOutput(int channel, boolean on) {
        lock.lock();
        try {
            begin();
            select(channel);
            String command = on ? "OUTP ON" : "OUTP OFF";
            link.writeLine(command);
            clock.sleep(settings.commandGap());
            String reply = reply("OUTP?").strip();
            if (reply.equalsIgnoreCase("ERR")) {
                dropReadBackAfterErr();
                throw new ProtocolException(link.describe(), command + " answered ERR", new byte[0], null);
            }
            boolean isOn = outputState(reply);
            if (isOn != on) {
                throw new ProtocolException(link.describe(), "OUTP? read back " + reply + " after " + command,
                        reply.getBytes(StandardCharsets.US_ASCII), null);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param channel the channel
     * @return volts and amperes of one moment, from {@code MEAS:ALL?}
     */
    double[] measureAll(int channel) {
        String reply = query(channel, "MEAS:ALL?");
        String[] parts = reply.strip().split(",", -1);
        if (parts.length < 2) {
            outOfStep = true;
            throw new ProtocolException(link.describe(), "MEAS:ALL? expected VOLTS,AMPS, got \"" + Printable.escape(reply) + "\"",
                    reply.getBytes(StandardCharsets.ISO_8859_1), null);
        }
        return new double[] {number("MEAS:ALL?", parts[0]), number("MEAS:ALL?", parts[1])};
    }

    /**
     * Writes a line without waiting for anything, ignoring a line that is going anyway (at close).
     *
     * @param line the line
     */
    void writeQuietly(String line) {
        try {
            link.writeLine(line);
        } catch (HalException ignored) {
            // the link is going anyway
        }
    }

    /** Closes the line; every later command is a {@link DisconnectedException}. */
    void close() {
        closed = true;
        link.close();
    }

    /** Sends a command the supply answers with nothing, on a channel (0: not channel scoped). */
    void command(int channel, String command) {
        lock.lock();
        try {
            begin();
            select(channel);
            link.writeLine(command);
        } finally {
            lock.unlock();
        }
    }

    /** Sends a set command and verifies it by reading back: ERR or a different value is an error. */
    void setAndVerify(int channel, String command, String readBack, double expected) {
        lock.lock();
        try {
            begin();
            select(channel);
            link.writeLine(command);
            clock.sleep(settings.commandGap());
            String reply = reply(readBack);
            if (reply.strip().equalsIgnoreCase("ERR")) {
                dropReadBackAfterErr();
                throw new ProtocolException(link.describe(), command + " answered ERR", reply.getBytes(StandardCharsets.US_ASCII), null);
            }
            double actual = number(readBack, reply);
            if (Math.abs(actual - expected) > settings.tolerance()) {
                throw new ProtocolException(link.describe(), readBack + " read back " + format(actual) + " after "
                        + command + " (tolerance " + settings.tolerance() + ")", reply.getBytes(StandardCharsets.US_ASCII), null);
            }
        } finally {
            lock.unlock();
        }
    }

    String query(int channel, String query) {
        lock.lock();
        try {
            begin();
            select(channel);
            String reply = reply(query);
            if (reply.strip().equalsIgnoreCase("ERR")) {
                throw new ProtocolException(link.describe(), query + " answered ERR", reply.getBytes(StandardCharsets.US_ASCII), null);
            }
            return reply;
        } finally {
            lock.unlock();
        }
    }

    private String reply(String query) {
        long start = clock.nanoTime();
        link.writeLine(query);
        Optional<String> reply = link.readLine(settings.timeout());
        // an empty line is never an answer: the end of an earlier, broken one
        while (reply.isPresent() && reply.get().isBlank()) {
            reply = link.readLine(settings.timeout());
        }
        if (reply.isEmpty()) {
            // the reply may still come: until the link is back in step it would answer the next query
            outOfStep = true;
            throw new HalTimeoutException(link.describe(), query + " got no reply within " + Durations.format(settings.timeout()));
        }
        LOG.debug("{}: {} -> {} ({} us)", link.describe(), query, reply.get(), (clock.nanoTime() - start) / 1000);
        return reply.get();
    }

    /** Caller holds the lock: ODP models select the channel before every channel command. */
    private void select(int channel) {
        if (channel > 0 && model.multiChannel()) {
            link.writeLine("INST CH" + channel);
        }
    }

    /**
     * Reads the number a numeric query answers: a decimal with an optional unit ({@code 12.000},
     * {@code 11.998V}); ODP firmware puts {@code #}-separated status blocks around some measurements,
     * and then the value is the first block. Any other shape (an {@code ON}, an identity, two numbers)
     * is not this query's answer: a {@link ProtocolException}, and the link is resynchronised.
     */
    private double number(String query, String reply) {
        String text = reply.strip();
        if (text.contains("#")) {
            text = java.util.Arrays.stream(text.split("#")).map(String::strip).filter(b -> !b.isEmpty()).findFirst().orElse("");
        }
        Matcher m = NUMBER.matcher(text);
        if (!m.matches()) {
            outOfStep = true;
            throw new ProtocolException(link.describe(), query + " expected a number, got \"" + Printable.escape(reply) + "\"",
                    reply.getBytes(StandardCharsets.ISO_8859_1), null);
        }
        double value = Double.parseDouble(m.group(1));
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ProtocolException(link.describe(), query + " expected a finite number, got \"" + Printable.escape(reply) + "\"",
                    reply.getBytes(StandardCharsets.ISO_8859_1), null);
        }
        return value;
    }

    /**
     * Reads the output state from an {@code OUTP?} reply: {@code ON}/{@code 1} or {@code OFF}/{@code 0},
     * nothing else (an {@code 11.000} is another query's answer).
     */
    private boolean outputState(String reply) {
        String text = reply.strip().toUpperCase(Locale.ROOT);
        switch (text) {
            case "ON", "1":
                return true;
            case "OFF", "0":
                return false;
            default:
                outOfStep = true;
                throw new ProtocolException(link.describe(), "OUTP? expected ON or OFF, got \"" + Printable.escape(reply) + "\"",
                        reply.getBytes(StandardCharsets.ISO_8859_1), null);
        }
    }

    /** Caller holds the lock: after a set answered ERR, the read-back's own reply still comes; a missing one puts the link out of step. */
    private void dropReadBackAfterErr() {
        if (link.readLine(settings.timeout()).isEmpty()) {
            outOfStep = true;
        }
    }

    /**
     * Caller holds the lock: starts a transaction. The supply speaks only when asked, so anything
     * waiting on the line is stale (the late reply of a query that timed out, noise): it goes, or
     * it would be taken for the answer to this transaction.
     */
    private void begin() {
        requireOpen();
        link.discardInput();
        if (outOfStep) {
            resynchronise();
        }
    }

    /**
     * Caller holds the lock: brings the link back in step after a reply went missing. The supply
     * answers in order, so a late reply arrives before the answer to a marker query sent now: ask
     * {@code *IDN?} and drop every line before its answer. Until that answer is seen no reply is trusted.
     *
     * @throws HalTimeoutException when the marker's answer does not come
     */
    private void resynchronise() {
        link.writeLine("*IDN?");
        for (int i = 0; i < RESYNC_MAX_LINES; i++) {
            Optional<String> line = link.readLine(settings.timeout());
            if (line.isEmpty()) {
                throw new HalTimeoutException(link.describe(), "the link is out of step after a lost reply, and *IDN? "
                        + "got no reply within " + Durations.format(settings.timeout()) + " to bring it back");
            }
            if (identityIn(line.get()).filter(idn::equals).isPresent()) {
                outOfStep = false;
                LOG.debug("{}: link back in step", link.describe());
                return;
            }
            LOG.debug("{}: dropped a stale line while resynchronising: {}", link.describe(), Printable.escape(line.get()));
        }
        throw new ProtocolException(link.describe(), "the link is out of step after a lost reply: *IDN? was not answered "
                + "within " + RESYNC_MAX_LINES + " lines", new byte[0], null);
    }

    private void requireOpen() {
        if (closed) {
            throw new DisconnectedException(settings.uri().toString(), "closed");
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
