package dev.benchhal.psu.owon.sim;

import dev.benchhal.psu.owon.OwonModel;
import dev.benchhal.time.BenchClock;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An Owon supply's behaviour at its wire level: SCPI lines in, reply lines out. Stateful: setpoints,
 * OVP/OCP limits, output; a resistive load gives constant-voltage or, above the current setpoint,
 * constant-current operation; the output voltage slews towards its target in bench time (volts per
 * second) and settles; an OVP or OCP trip switches the output off. Set commands are silent, bad
 * commands and out-of-range values answer {@code ERR}, as the real supplies do. The panel lock of
 * {@code SYST:REM} lapses after {@link #setRemoteLapse(Duration) a while} (3 s by default) unless
 * renewed, as observed on real supplies. Faults for tests: reply latency, dropped replies. Thread-safe.
 */
public final class OwonSimulator {

    private final OwonModel model;
    private final String serial;
    private final BenchClock clock;
    private final Channel[] channels;
    private int selected = 1;
    private boolean remote;
    private long remoteSinceNanos;
    private Duration remoteLapse = Duration.ofSeconds(3);
    private Duration latency = Duration.ZERO;
    private int dropReplies;
    private double slewVoltsPerSecond = 50;

    private final class Channel {
        final int number;
        double volts;
        double amps;
        double ovp;
        double ocp;
        boolean output;
        double outputVolts;      // the output's actual voltage, slewing towards the target
        long lastNanos;
        double loadOhms = 100;
        String tripped = "";

        Channel(int number) {
            this.number = number;
            this.ovp = model.maxVolts(number) * 1.1;
            this.ocp = model.maxAmps(number) * 1.1;
            this.amps = model.maxAmps(number) / 10;
            this.lastNanos = clock.nanoTime();
        }

        /** Moves the output voltage towards its target for the bench time that passed. */
        void advance() {
            long now = clock.nanoTime();
            double seconds = (now - lastNanos) / 1e9;
            lastNanos = now;
            double target = target();
            double step = slewVoltsPerSecond * seconds;
            outputVolts = Math.abs(target - outputVolts) <= step ? target
                    : outputVolts + Math.signum(target - outputVolts) * step;
            if (output && outputVolts > ovp) {
                trip("OVP");
            } else if (output && current() > ocp) {
                trip("OCP");
            }
        }

        /** Constant voltage until the load would draw more than the current setpoint, then constant current. */
        double target() {
            if (!output) {
                return 0;
            }
            return Math.min(volts, amps * loadOhms);
        }

        double current() {
            return output ? outputVolts / loadOhms : 0;
        }

        void trip(String why) {
            output = false;
            outputVolts = 0;
            tripped = why;
        }
    }

    /**
     * @param model  the model it imitates
     * @param serial the serial number it reports
     * @param clock  the bench clock its output slews on
     */
    public OwonSimulator(OwonModel model, String serial, BenchClock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.serial = Objects.requireNonNull(serial, "serial");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.channels = new Channel[model.channels()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new Channel(i + 1);
        }
    }

    /** @return the model it imitates */
    public OwonModel model() {
        return model;
    }

    /**
     * @param channel 1-based channel
     * @param ohms    the resistive load on it
     */
    public synchronized void setLoad(int channel, double ohms) {
        if (!(ohms > 0)) {
            throw new IllegalArgumentException("load must be positive ohms, not " + ohms);
        }
        channel(channel).advance();
        channel(channel).loadOhms = ohms;
    }

    /** @param voltsPerSecond how fast the output voltage moves (the default 50 V/s settles 12 V in 240 ms) */
    public synchronized void setSlewRate(double voltsPerSecond) {
        this.slewVoltsPerSecond = voltsPerSecond;
    }

    /** @param latency how long every reply takes */
    public synchronized void setLatency(Duration latency) {
        this.latency = latency;
    }

    /** @return how long every reply takes */
    public synchronized Duration latency() {
        return latency;
    }

    /** @param count how many of the next replies are lost */
    public synchronized void dropReplies(int count) {
        this.dropReplies = count;
    }

    /**
     * @param channel 1-based channel
     * @return why the output tripped last ({@code OVP}, {@code OCP}), empty when it never did
     */
    public synchronized Optional<String> tripped(int channel) {
        String why = channel(channel).tripped;
        return why.isEmpty() ? Optional.empty() : Optional.of(why);
    }

    /** @return {@code true} after {@code SYST:REM} until {@code SYST:LOC}, or until the lock lapses */
    public synchronized boolean isRemote() {
        lapseRemote();
        return remote;
    }

    /** @param lapse how long the panel stays locked after the last {@code SYST:REM} */
    public synchronized void setRemoteLapse(Duration lapse) {
        if (lapse.isNegative() || lapse.isZero()) {
            throw new IllegalArgumentException("remote lapse must be positive, not " + lapse);
        }
        this.remoteLapse = lapse;
    }

    private void lapseRemote() {
        if (remote && clock.nanoTime() - remoteSinceNanos >= remoteLapse.toNanos()) {
            remote = false;
        }
    }

    /**
     * @param channel 1-based channel
     * @return whether that output is on
     */
    public synchronized boolean isOutputOn(int channel) {
        return channel(channel).output;
    }

    /**
     * Handles one command line.
     *
     * @param line a command without its terminator
     * @return the reply line without terminator, or empty for silent commands and dropped replies
     */
    public synchronized Optional<String> handle(String line) {
        for (Channel c : channels) {
            c.advance();
        }
        String reply = execute(line.strip());
        if (reply != null && dropReplies > 0) {
            dropReplies--;
            return Optional.empty();
        }
        return Optional.ofNullable(reply);
    }

    private String execute(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        int space = upper.indexOf(' ');
        String head = space < 0 ? upper : upper.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        Channel c = channels[selected - 1];
        switch (head) {
            case "*IDN?":
                return "OWON," + model.modelName() + "," + serial + ",FV:V1.3.0";
            case "*RST":
                for (Channel ch : channels) {
                    ch.output = false;
                    ch.volts = 0;
                }
                return null;
            case "SYST:REM":
            case "SYSTEM:REMOTE":
                remote = true;
                remoteSinceNanos = clock.nanoTime();
                return null;
            case "SYST:LOC":
            case "SYSTEM:LOCAL":
                remote = false;
                return null;
            case "INST":
            case "INSTRUMENT": {
                if (!model.multiChannel()) {
                    return "ERR";
                }
                String ch = argument.toUpperCase(Locale.ROOT);
                for (int i = 1; i <= channels.length; i++) {
                    if (ch.equals("CH" + i) || ch.equals(Integer.toString(i))) {
                        selected = i;
                        return null;
                    }
                }
                return "ERR";
            }
            case "INST?":
                return model.multiChannel() ? "CH" + selected : "ERR";
            case "VOLT":
            case "VOLTAGE":
                return setNumber(argument, 0, model.maxVolts(c.number), v -> c.volts = v);
            case "CURR":
            case "CURRENT":
                return setNumber(argument, 0, model.maxAmps(c.number), a -> c.amps = a);
            case "VOLT:LIM":
            case "VOLTAGE:LIMIT":
                return setNumber(argument, 0, model.maxVolts(c.number) * 1.1, v -> c.ovp = v);
            case "CURR:LIM":
            case "CURRENT:LIMIT":
                return setNumber(argument, 0, model.maxAmps(c.number) * 1.1, a -> c.ocp = a);
            case "OUTP":
            case "OUTPUT": {
                String a = argument.toUpperCase(Locale.ROOT);
                if (a.equals("ON") || a.equals("1")) {
                    c.output = true;
                    c.tripped = "";
                    c.lastNanos = clock.nanoTime();
                    c.advance();
                    return null;
                }
                if (a.equals("OFF") || a.equals("0")) {
                    c.output = false;
                    c.outputVolts = 0;
                    return null;
                }
                return "ERR";
            }
            case "VOLT?":
                return format(c.volts);
            case "CURR?":
                return format(c.amps);
            case "VOLT:LIM?":
                return format(c.ovp);
            case "CURR:LIM?":
                return format(c.ocp);
            case "OUTP?":
                return c.output ? "ON" : "OFF";
            case "MEAS:VOLT?":
                return format(c.output ? c.outputVolts : 0);
            case "MEAS:CURR?":
                return format(c.current());
            case "MEAS:POW?":
                return format(c.outputVolts * c.current());
            case "MEAS:ALL?":
                return format(c.outputVolts) + "," + format(c.current());
            default:
                return "ERR";
        }
    }

    private static String setNumber(String argument, double min, double max, java.util.function.DoubleConsumer set) {
        double value;
        try {
            value = Double.parseDouble(argument);
        } catch (NumberFormatException e) {
            return "ERR";
        }
        if (!(value >= min && value <= max)) {
            return "ERR";
        }
        set.accept(value);
        return null;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private Channel channel(int channel) {
        if (channel < 1 || channel > channels.length) {
            throw new IllegalArgumentException(model.modelName() + " has channels 1.." + channels.length + ", not " + channel);
        }
        return channels[channel - 1];
    }
}
