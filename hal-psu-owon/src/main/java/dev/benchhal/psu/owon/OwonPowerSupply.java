package dev.benchhal.psu.owon;

import dev.benchhal.DeviceUri;
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
import dev.benchhal.psu.owon.sim.SimulatorLink;
import dev.benchhal.time.BenchClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    /** How often safe-off sends {@code OUTP OFF} before it reports failure. */
    private static final int SAFE_OFF_ATTEMPTS = 3;

    private final OwonSettings settings;
    private final ScpiLink scpi;
    private final LineTransport link;
    private final BenchClock clock;
    private final PsuIdentity identity;
    private final OwonModel model;
    private final List<PowerOutput> channels = new ArrayList<>();
    private final SafetyNet.Registration registration;
    private final SafetyNet ownNet;
    private Thread keepAlive;
    private volatile boolean closed;

    private OwonPowerSupply(OwonSettings settings, LineTransport link, BenchClock clock, PsuIdentity identity,
                            String idn, OwonModel model, SafetyNet net) {
        this.settings = settings;
        this.scpi = new ScpiLink(settings, link, clock, model, idn);
        this.link = link;
        this.clock = clock;
        this.identity = identity;
        this.model = model;
        for (int i = 1; i <= model.channels(); i++) {
            channels.add(new Channel(i));
        }
        if (settings.safeOffOnClose()) {
            this.ownNet = net == null ? SafetyNet.create(settings.uri().toString()) : null;
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
            String idn = ScpiLink.identify(link, settings);
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

    private void startKeepAlive() {
        if (settings.keepAlive().isZero()) {
            return;
        }
        scpi.command(0, "SYST:REM");
        keepAlive = new Thread(() -> {
            while (!closed) {
                try {
                    clock.sleep(settings.keepAlive());
                    if (!closed) {
                        scpi.command(0, "SYST:REM");
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
    public BenchClock clock() {
        return clock;
    }

    /** The {@link dev.benchhal.psu.owon.sim.OwonSimulator} behind an {@code owon:sim:} supply, or the driver itself. */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (link instanceof SimulatorLink && type.isInstance(((SimulatorLink) link).simulator())) {
            return Optional.of(type.cast(((SimulatorLink) link).simulator()));
        }
        return PowerSupply.super.unwrap(type);
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
                scpi.writeQuietly("SYST:LOC");
            }
            scpi.close();
        }
    }

    private static String format(double value) {
        return ScpiLink.format(value);
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
        public BenchClock clock() {
            return clock;
        }

        @Override
        public void setVoltage(double volts) {
            check("voltage", volts, model.maxVolts(number), "V");
            scpi.setAndVerify(number, "VOLT " + format(volts), "VOLT?", volts);
        }

        @Override
        public double voltageSetpoint() {
            return scpi.queryNumber(number, "VOLT?");
        }

        @Override
        public void setCurrent(double amps) {
            check("current", amps, model.maxAmps(number), "A");
            scpi.setAndVerify(number, "CURR " + format(amps), "CURR?", amps);
        }

        @Override
        public double currentSetpoint() {
            return scpi.queryNumber(number, "CURR?");
        }

        @Override
        public void setOverVoltageLimit(double volts) {
            check("over-voltage limit", volts, model.maxVolts(number) * 1.1, "V");
            scpi.setAndVerify(number, "VOLT:LIM " + format(volts), "VOLT:LIM?", volts);
        }

        @Override
        public double overVoltageLimit() {
            return scpi.queryNumber(number, "VOLT:LIM?");
        }

        @Override
        public void setOverCurrentLimit(double amps) {
            check("over-current limit", amps, model.maxAmps(number) * 1.1, "A");
            scpi.setAndVerify(number, "CURR:LIM " + format(amps), "CURR:LIM?", amps);
        }

        @Override
        public double overCurrentLimit() {
            return scpi.queryNumber(number, "CURR:LIM?");
        }

        @Override
        public void setOutput(boolean on) {
            scpi.setOutput(number, on);
            LOG.info("{}: channel {} output {}", uri(), number, on ? "on" : "off");
        }

        @Override
        public boolean isOutputOn() {
            return scpi.queryOutput(number);
        }

        @Override
        public double measureVoltage() {
            return scpi.queryNumber(number, "MEAS:VOLT?");
        }

        @Override
        public double measureCurrent() {
            return scpi.queryNumber(number, "MEAS:CURR?");
        }

        @Override
        public double measurePower() {
            return scpi.queryNumber(number, "MEAS:POW?");
        }

        /**
         * SPE models answer voltage and current of one moment to {@code MEAS:ALL?}; ODP models have no
         * documented combined reading, so there voltage and current come from two queries (one
         * transaction, about one reply time apart): during a ramp they are from different moments.
         */
        @Override
        public PsuMeasurement measure() {
            double[] va = model.multiChannel()
                    ? scpi.inOneTransaction(() -> new double[] {measureVoltage(), measureCurrent()})
                    : scpi.measureAll(number);
            return new PsuMeasurement(va[0], va[1], va[0] * va[1], clock.now());
        }
    }

    @Override
    public String toString() {
        return "OwonPowerSupply[" + uri() + " " + model.modelName() + " on " + scpi.describe() + "]";
    }
}
