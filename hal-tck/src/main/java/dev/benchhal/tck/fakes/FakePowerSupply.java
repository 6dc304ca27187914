package dev.benchhal.tck.fakes;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.psu.PowerOutput;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.PsuIdentity;
import dev.benchhal.psu.PsuMeasurement;
import dev.benchhal.psu.PsuRatings;
import dev.benchhal.safety.SafeState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A supply with a resistive load. {@code honourSafeOff=false} makes a deliberately broken one
 * that leaves the output on at close, for the test that proves the contract catches it.
 */
public final class FakePowerSupply implements PowerSupply, SafeState {

    /** The state outlives the device, like a real instrument's. */
    public static final class Instrument {
        final double[] volts;
        final double[] amps;
        final double[] ovp;
        final double[] ocp;
        final boolean[] on;

        /** @param channels how many outputs it has */
        public Instrument(int channels) {
            volts = new double[channels];
            amps = new double[channels];
            ovp = new double[channels];
            ocp = new double[channels];
            on = new boolean[channels];
        }
    }

    private static final double LOAD_OHMS = 100;
    private final PsuRatings ratings;
    private final Instrument inst;
    private final boolean honourSafeOff;
    private final List<PowerOutput> channels = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param inst          the instrument whose state the supply drives
     * @param channelCount  its outputs
     * @param honourSafeOff whether close() switches them off (false: a broken driver, for contract tests)
     */
    public FakePowerSupply(Instrument inst, int channelCount, boolean honourSafeOff) {
        this.ratings = new PsuRatings(30, 10, 300, channelCount);
        this.inst = inst;
        this.honourSafeOff = honourSafeOff;
        for (int c = 1; c <= channelCount; c++) {
            channels.add(new Output(c));
        }
    }

    private final class Output implements PowerOutput {
        private final int ch;

        Output(int ch) {
            this.ch = ch;
        }

        private int i() {
            open();
            return ch - 1;
        }

        @Override
        public int channel() {
            return ch;
        }

        @Override
        public void setVoltage(double v) {
            check(v, ratings.maxVolts(), "voltage");
            synchronized (inst) {
                inst.volts[i()] = v;
            }
        }

        @Override
        public double voltageSetpoint() {
            synchronized (inst) {
                return inst.volts[i()];
            }
        }

        @Override
        public void setCurrent(double a) {
            check(a, ratings.maxAmps(), "current");
            synchronized (inst) {
                inst.amps[i()] = a;
            }
        }

        @Override
        public double currentSetpoint() {
            synchronized (inst) {
                return inst.amps[i()];
            }
        }

        @Override
        public void setOverVoltageLimit(double v) {
            check(v, ratings.maxVolts(), "OVP");
            synchronized (inst) {
                inst.ovp[i()] = v;
            }
        }

        @Override
        public double overVoltageLimit() {
            synchronized (inst) {
                return inst.ovp[i()];
            }
        }

        @Override
        public void setOverCurrentLimit(double a) {
            check(a, ratings.maxAmps(), "OCP");
            synchronized (inst) {
                inst.ocp[i()] = a;
            }
        }

        @Override
        public double overCurrentLimit() {
            synchronized (inst) {
                return inst.ocp[i()];
            }
        }

        @Override
        public void setOutput(boolean on) {
            synchronized (inst) {
                inst.on[i()] = on;
            }
        }

        @Override
        public boolean isOutputOn() {
            synchronized (inst) {
                return inst.on[i()];
            }
        }

        @Override
        public double measureVoltage() {
            synchronized (inst) {
                int i = i();
                return inst.on[i] ? Math.min(inst.volts[i], inst.amps[i] * LOAD_OHMS) : 0;
            }
        }

        @Override
        public double measureCurrent() {
            return measureVoltage() / LOAD_OHMS;
        }

        @Override
        public double measurePower() {
            double v = measureVoltage();
            return v * v / LOAD_OHMS;
        }

        @Override
        public PsuMeasurement measure() {
            double v = measureVoltage();
            return new PsuMeasurement(v, v / LOAD_OHMS, v * v / LOAD_OHMS, Instant.now());
        }
    }

    private static void check(double value, double max, String what) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max);
        }
    }

    @Override
    public PsuIdentity identity() {
        return PsuIdentity.parse("FAKE,PSU3010,0001,FV:1.0");
    }

    @Override
    public PsuRatings ratings() {
        return ratings;
    }

    @Override
    public List<PowerOutput> channels() {
        return List.copyOf(channels);
    }


    @Override
    public void allOutputsOff() {
        channels.forEach(c -> c.setOutput(false));
    }

    @Override
    public boolean safeOffOnClose() {
        return true;
    }

    @Override
    public void enterSafeState() {
        allOutputsOff();
    }

    @Override
    public boolean safeStateOnClose() {
        return true;
    }

    @Override
    public DeviceUri uri() {
        return DeviceUri.parse("fake-psu:");
    }

    private void open() {
        if (closed) {
            throw new DisconnectedException("fake-psu:", "closed");
        }
    }

    @Override
    public void close() {
        if (!closed && honourSafeOff) {
            allOutputsOff();
        }
        closed = true;
    }

}
