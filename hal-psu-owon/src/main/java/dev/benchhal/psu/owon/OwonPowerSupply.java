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
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

    private final OwonSettings settings;
    private final LineTransport link;
    private final BenchClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final PsuIdentity identity;
    private final OwonModel model;
    private final List<PowerOutput> channels = new ArrayList<>();
    private final SafetyNet.Registration registration;
    private final SafetyNet ownNet;
    private Thread keepAlive;
    private volatile boolean closed;

    private OwonPowerSupply(OwonSettings settings, LineTransport link, BenchClock clock, PsuIdentity identity,
                            OwonModel model, SafetyNet net) {
        this.settings = settings;
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
            link.discardInput();
            String idn = link.query("*IDN?", settings.timeout());
            PsuIdentity identity;
            try {
                identity = PsuIdentity.parse(idn);
            } catch (IllegalArgumentException e) {
                throw new NotFoundException(link.describe(), "*IDN? answered \"" + idn + "\": not a supply identity "
                        + "(wrong device on the port?)");
            }
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
            OwonPowerSupply psu = new OwonPowerSupply(settings, link, clock, identity, model, net);
            psu.startKeepAlive();
            LOG.info("{}: {} {} serial {} firmware {} on {}", settings.uri(), identity.vendor(), identity.model(),
                    identity.serial(), identity.firmware(), link.describe());
            return psu;
        } catch (RuntimeException e) {
            link.close();
            throw e;
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

    @Override
    public void allOutputsOff() {
        List<RuntimeException> failures = new ArrayList<>();
        for (PowerOutput c : channels) {
            try {
                c.setOutput(false);
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

    // ---- channel 1 as the supply's own PowerOutput --------------------------------------------------

    @Override
    public int channel() {
        return 1;
    }

    @Override
    public void setVoltage(double volts) {
        channels.get(0).setVoltage(volts);
    }

    @Override
    public double voltageSetpoint() {
        return channels.get(0).voltageSetpoint();
    }

    @Override
    public void setCurrent(double amps) {
        channels.get(0).setCurrent(amps);
    }

    @Override
    public double currentSetpoint() {
        return channels.get(0).currentSetpoint();
    }

    @Override
    public void setOverVoltageLimit(double volts) {
        channels.get(0).setOverVoltageLimit(volts);
    }

    @Override
    public double overVoltageLimit() {
        return channels.get(0).overVoltageLimit();
    }

    @Override
    public void setOverCurrentLimit(double amps) {
        channels.get(0).setOverCurrentLimit(amps);
    }

    @Override
    public double overCurrentLimit() {
        return channels.get(0).overCurrentLimit();
    }

    @Override
    public void setOutput(boolean on) {
        channels.get(0).setOutput(on);
    }

    @Override
    public boolean isOutputOn() {
        return channels.get(0).isOutputOn();
    }

    @Override
    public double measureVoltage() {
        return channels.get(0).measureVoltage();
    }

    @Override
    public double measureCurrent() {
        return channels.get(0).measureCurrent();
    }

    @Override
    public double measurePower() {
        return channels.get(0).measurePower();
    }

    @Override
    public PsuMeasurement measure() {
        return channels.get(0).measure();
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
                // the set was refused; the read-back's own reply may still come: drop it
                link.readLine(settings.timeout());
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

    /** Reads a number from a reply defensively: units, padding and status blocks around it are skipped. */
    private double number(String query, String reply) {
        String text = reply.strip();
        if (text.contains("#")) {
            // ODP firmware answers some measurements with #-separated status blocks; the value is the first number
            text = text.replace('#', ' ');
        }
        Matcher m = NUMBER.matcher(text);
        if (!m.find()) {
            throw new ProtocolException(link.describe(), query + " expected a number, got \"" + reply + "\"",
                    reply.getBytes(StandardCharsets.ISO_8859_1), null);
        }
        double value = Double.parseDouble(m.group());
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ProtocolException(link.describe(), query + " expected a finite number, got \"" + reply + "\"",
                    reply.getBytes(StandardCharsets.ISO_8859_1), null);
        }
        return value;
    }

    /**
     * Caller holds the lock: starts a transaction. The supply speaks only when asked, so anything
     * waiting on the line is stale (the late reply of a query that timed out, noise): it goes, or
     * it would be taken for the answer to this transaction.
     */
    private void begin() {
        requireOpen();
        link.discardInput();
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
                String reply = reply("OUTP?").strip().toUpperCase(Locale.ROOT);
                if (reply.equals("ERR")) {
                    link.readLine(settings.timeout());
                    throw new ProtocolException(link.describe(), command + " answered ERR", new byte[0], null);
                }
                boolean isOn = reply.equals("ON") || reply.equals("1");
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
            String reply = query(number, "OUTP?").strip().toUpperCase(Locale.ROOT);
            if (reply.equals("ON") || reply.equals("1")) {
                return true;
            }
            if (reply.equals("OFF") || reply.equals("0")) {
                return false;
            }
            throw new ProtocolException(link.describe(), "OUTP? expected ON or OFF, got \"" + reply + "\"",
                    reply.getBytes(StandardCharsets.ISO_8859_1), null);
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

        @Override
        public PsuMeasurement measure() {
            double v = measureVoltage();
            double a = measureCurrent();
            return new PsuMeasurement(v, a, v * a, clock.now());
        }
    }

    @Override
    public String toString() {
        return "OwonPowerSupply[" + uri() + " " + model.modelName() + " on " + link.describe() + "]";
    }
}
