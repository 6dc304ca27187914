package dev.benchhal.psu.owon;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.psu.PowerOutput;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.PsuIdentity;
import dev.benchhal.psu.PsuMeasurement;
import dev.benchhal.psu.PsuRatings;
import dev.benchhal.safety.SafeState;
import dev.benchhal.safety.SafetyNet;
import dev.benchhal.spi.LineTransport;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;
import dev.benchhal.util.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Owon SPE or ODP supply over a line transport (serial, TCP, the simulator). Before any set
 * command it checks {@code *IDN?}: an unknown vendor or model is refused unless forced. Every set
 * is verified by reading it back: an {@code ERR} reply or a read-back that differs is a
 * {@link ProtocolException}. Values outside the model's ratings are refused before they are sent.
 * ODP models get {@code INST CHn} before every channel command (never cached: the panel can change
 * it). One command in flight at a time. With {@code safeOffOnClose} (the default) every output is
 * switched off on close, when the owning code fails (the bench's safety net) and at JVM exit.
 * Thread-safe.
 */
public final class OwonPowerSupply implements PowerSupply, SafeState {

    private static final Logger LOG = LoggerFactory.getLogger(OwonPowerSupply.class);
    /** A reply to a numeric query: a decimal number, optionally with its unit. */
    private static final Pattern NUMBER = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*(?:[mkM]?[VAW])?");
    /** How often the identity query is asked before a noisy or silent device is refused. */
    private static final int IDENTITY_ATTEMPTS = 3;
    /** How many lines resynchronisation reads at most while looking for the identity marker. */
    private static final int RESYNC_MAX_LINES = 16;
    /** How often safe-off sends {@code OUTP OFF} before it reports failure. */
    private static final int SAFE_OFF_ATTEMPTS = 3;

    private final OwonSettings settings;
    private final LineTransport link;
    private final BenchClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final PsuIdentity identity;
    /** The supply's exact {@code *IDN?} answer: the marker that brings the link back in step. */
    private final String idn;
    /** Set when a reply may still be on its way (a timeout, a reply of the wrong shape): no answer is trusted until resynchronised. */
    private boolean outOfStep;
    private final OwonModel model;
    private final List<PowerOutput> channels = new ArrayList<>();
    private final SafetyNet.Registration registration;
    private final SafetyNet ownNet;
    private Thread keepAlive;
    private volatile boolean closed;

    private OwonPowerSupply(OwonSettings settings, LineTransport link, BenchClock clock, PsuIdentity identity,
                            String idn, OwonModel model, SafetyNet net) {
        this.settings = settings;
        this.idn = idn;
        this.link = link;
        this.clock = clock;
        this.identity = identity;
        this.model = model;
        for (int i = 1; i <= model.channels(); i++) {
            channels.add(new Channel(i));
        }
        if (settings.safeOffOnClose()) {
            this.ownNet = net == null ? new SafetyNet(settings.uri().toString()) : null;
            this.registration = (net == null ? ownNet : net).protect(settings.uri().toString(), this);
        } else {
            this.ownNet = null;
            this.registration = null;
        }
    }

    /**
     * Identifies the supply on an open link and returns the driver for it.
     *
     * @param settings the URI's settings
     * @param link     the open link; closed again when the identity is refused
     * @param clock    the bench clock (settle pauses)
     * @param net      the bench's safety net, {@code null} for one of the supply's own
     * @return the supply
     * @throws NotFoundException when the device is not an Owon supply the driver knows (unless forced)
     */
    public static OwonPowerSupply open(OwonSettings settings, LineTransport link, BenchClock clock, SafetyNet net) {
        try {
            clock.sleep(settings.openSettle());
            String idn = identify(link, settings);
            PsuIdentity identity = PsuIdentity.parse(idn);
            boolean owon = identity.vendor().equalsIgnoreCase("OWON") || identity.vendor().equalsIgnoreCase("KIPRIM");
            Optional<OwonModel> known = OwonModel.byName(identity.model());
            OwonModel model;
            if (owon && known.isPresent()) {
                model = known.get();
                if (settings.model().isPresent() && settings.model().get() != model) {
                    throw new NotFoundException(link.describe(), "expected an " + settings.model().get().modelName()
                            + ", found " + identity.vendor() + " " + identity.model());
                }
            } else if (settings.force()) {
                model = settings.model().orElseThrow(() -> new NotFoundException(link.describe(), "force=true needs "
                        + "model=... to know the ratings of " + identity.vendor() + " " + identity.model()));
                LOG.warn("{}: forced to drive {} {} as an {}", settings.uri(), identity.vendor(), identity.model(),
                        model.modelName());
            } else {
                throw new NotFoundException(link.describe(), "*IDN? answered \"" + idn + "\": not an Owon supply the "
                        + "driver knows (" + String.join(", ", OwonModel.names()) + "); force=true&model=... to drive it "
                        + "anyway");
            }
            OwonPowerSupply psu = new OwonPowerSupply(settings, link, clock, identity, idn, model, net);
            psu.startKeepAlive();
            LOG.info("{}: {} {} serial {} firmware {} on {}", settings.uri(), identity.vendor(), identity.model(),
                    identity.serial(), identity.firmware(), link.describe());
            return psu;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
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
    private static String identify(LineTransport link, OwonSettings settings) {
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

    private void startKeepAlive() {
        if (settings.keepAlive().isZero()) {
            return;
        }
        command(0, "SYST:REM");
        keepAlive = new Thread(() -> {
            while (!closed) {
                try {
                    clock.sleep(settings.keepAlive());
                    if (!closed) {
                        command(0, "SYST:REM");
                    }
                } catch (HalException e) {
                    if (!closed) {
                        LOG.warn("{}: panel keep-alive failed: {}", settings.uri(), e.getMessage());
                    }
                }
            }
        }, "owon-keepalive");
        keepAlive.setDaemon(true);
        keepAlive.start();
    }

    // ---- PowerSupply ------------------------------------------------------------------------------

    @Override
    public DeviceUri uri() {
        return settings.uri();
    }

    @Override
    public PsuIdentity identity() {
        return identity;
    }

    @Override
    public PsuRatings ratings() {
        return model.ratings();
    }

    /** @return the model the driver drives */
    public OwonModel model() {
        return model;
    }

    @Override
    public List<PowerOutput> channels() {
        return List.copyOf(channels);
    }

    @Override
    public PowerOutput channel(int channel) {
        if (channel < 1 || channel > channels.size()) {
            throw new IllegalArgumentException(uri() + ": " + model.modelName() + " has channels 1.." + channels.size()
                    + ", not " + channel);
        }
        return channels.get(channel - 1);
    }

    /**
     * Switches every output off, each verified by {@code OUTP?}. An off command whose reply was lost
     * is sent again (after the link is back in step), up to {@value #SAFE_OFF_ATTEMPTS} times, and an
     * output that then reads back off counts as off: only an output not known to be off is reported.
     *
     * @throws HalException for the first output that could not be confirmed off (the others suppressed)
     */
    @Override
    public void allOutputsOff() {
        List<RuntimeException> failures = new ArrayList<>();
        for (PowerOutput c : channels) {
            try {
                safeOff(c);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void safeOff(PowerOutput c) {
        HalException last = null;
        for (int attempt = 1; attempt <= SAFE_OFF_ATTEMPTS; attempt++) {
            try {
                c.setOutput(false);
                return;
            } catch (HalTimeoutException | ProtocolException e) {
                last = e;
                LOG.warn("{}: channel {} off, attempt {} of {}: {}", uri(), c.channel(), attempt, SAFE_OFF_ATTEMPTS,
                        e.getMessage());
            }
        }
        try {
            if (!c.isOutputOn()) {
                LOG.info("{}: channel {} reads back off", uri(), c.channel());
                return;
            }
        } catch (HalException e) {
            last.addSuppressed(e);
        }
        throw last;
    }

    @Override
    public boolean safeOffOnClose() {
        return settings.safeOffOnClose();
    }

    @Override
    public void enterSafeState() {
        LOG.warn("{}: safe state: switching every output off", uri());
        allOutputsOff();
    }

    @Override
    public boolean safeStateOnClose() {
        return settings.safeOffOnClose();
    }

    @Override
    public String safeStateDescription() {
        return "every output off";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (settings.safeOffOnClose()) {
                allOutputsOff();
                LOG.info("{}: outputs off at close", uri());
            }
        } finally {
            closed = true;
            if (registration != null) {
                registration.close();
            }
            if (ownNet != null) {
                ownNet.close();
            }
            if (keepAlive != null) {
                keepAlive.interrupt();
            }
            if (!settings.keepAlive().isZero()) {
                try {
                    link.writeLine("SYST:LOC");
                } catch (HalException ignored) {
                    // the link is going anyway
                }
            }
            link.close();
        }
    }

    // ---- the wire ----------------------------------------------------------------------------------

    /** Sends a command the supply answers with nothing, on a channel (0: not channel scoped). */
    private void command(int channel, String command) {
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
    private void setAndVerify(int channel, String command, String readBack, double expected) {
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

    private String query(int channel, String query) {
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
            throw new DisconnectedException(uri().toString(), "closed");
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private void check(String what, double value, double max, String unit) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(uri() + ": " + what + " " + value + " " + unit + " is outside 0.." + format(max)
                    + " " + unit + " of the " + model.modelName());
        }
    }

    /** One output. */
    private final class Channel implements PowerOutput {

        private final int number;

        Channel(int number) {
            this.number = number;
        }

        @Override
        public int channel() {
            return number;
        }

        @Override
        public void setVoltage(double volts) {
            check("voltage", volts, model.maxVolts(number), "V");
            setAndVerify(number, "VOLT " + format(volts), "VOLT?", volts);
        }

        @Override
        public double voltageSetpoint() {
            return number("VOLT?", query(number, "VOLT?"));
        }

        @Override
        public void setCurrent(double amps) {
            check("current", amps, model.maxAmps(number), "A");
            setAndVerify(number, "CURR " + format(amps), "CURR?", amps);
        }

        @Override
        public double currentSetpoint() {
            return number("CURR?", query(number, "CURR?"));
        }

        @Override
        public void setOverVoltageLimit(double volts) {
            check("over-voltage limit", volts, model.maxVolts(number) * 1.1, "V");
            setAndVerify(number, "VOLT:LIM " + format(volts), "VOLT:LIM?", volts);
        }

        @Override
        public double overVoltageLimit() {
            return number("VOLT:LIM?", query(number, "VOLT:LIM?"));
        }

        @Override
        public void setOverCurrentLimit(double amps) {
            check("over-current limit", amps, model.maxAmps(number) * 1.1, "A");
            setAndVerify(number, "CURR:LIM " + format(amps), "CURR:LIM?", amps);
        }

        @Override
        public double overCurrentLimit() {
            return number("CURR:LIM?", query(number, "CURR:LIM?"));
        }

        @Override
        public void setOutput(boolean on) {
            lock.lock();
            try {
                begin();
                select(number);
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
                LOG.info("{}: channel {} output {}", uri(), number, on ? "on" : "off");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isOutputOn() {
            return outputState(query(number, "OUTP?"));
        }

        @Override
        public double measureVoltage() {
            return number("MEAS:VOLT?", query(number, "MEAS:VOLT?"));
        }

        @Override
        public double measureCurrent() {
            return number("MEAS:CURR?", query(number, "MEAS:CURR?"));
        }

        @Override
        public double measurePower() {
            return number("MEAS:POW?", query(number, "MEAS:POW?"));
        }

        /**
         * SPE models answer voltage and current of one moment to {@code MEAS:ALL?}; ODP models have no
         * documented combined reading, so there voltage and current come from two queries (one
         * transaction, about one reply time apart): during a ramp they are from different moments.
         */
        @Override
        public PsuMeasurement measure() {
            if (model.multiChannel()) {
                lock.lock();
                try {
                    double v = measureVoltage();
                    double a = measureCurrent();
                    return new PsuMeasurement(v, a, v * a, clock.now());
                } finally {
                    lock.unlock();
                }
            }
            String reply = query(number, "MEAS:ALL?");
            String[] parts = reply.strip().split(",");
            if (parts.length < 2) {
                outOfStep = true;
                throw new ProtocolException(link.describe(), "MEAS:ALL? expected VOLTS,AMPS, got \"" + Printable.escape(reply) + "\"",
                        reply.getBytes(StandardCharsets.ISO_8859_1), null);
            }
            double v = number("MEAS:ALL?", parts[0]);
            double a = number("MEAS:ALL?", parts[1]);
            return new PsuMeasurement(v, a, v * a, clock.now());
        }
    }

    @Override
    public String toString() {
        return "OwonPowerSupply[" + uri() + " " + model.modelName() + " on " + link.describe() + "]";
    }
}
