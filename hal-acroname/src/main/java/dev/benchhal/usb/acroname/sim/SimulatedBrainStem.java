package dev.benchhal.usb.acroname.sim;

import dev.benchhal.usb.acroname.AcronameModel;
import dev.benchhal.usb.acroname.PortStateBits;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An Acroname hub as its BrainStem SDK sees it, at the level of our bridge's operations
 * ({@code connect}, {@code port.power}, {@code port.state}, ...): what {@code acroname:sim} runs the
 * real {@link dev.benchhal.usb.acroname.BrainStemHub} driver against, so the simulated bench exercises
 * the driver's own code (parameters, the port-state word, units, error codes), as the MUM tests do
 * with fake vendor packages.
 *
 * <p>Ports start enabled (VBUS, USB 2 and 3 data) with a 2 A current limit. A test attaches loads
 * ({@link #attachDevice(int, double)}): a powered port with a device reports 5.0 V and the device's
 * current; a device drawing more than the limit trips the port (VBUS off, error bit) as the real
 * hub's over-current protection does. A reset restores every port. Thread-safe.
 */
public final class SimulatedBrainStem {

    private static final long VBUS_MICROVOLTS = 5_000_000;
    private static final long DEFAULT_LIMIT_MICROAMPS = 2_000_000;
    private static final long MAX_LIMIT_MICROAMPS = 3_000_000;

    private final AcronameModel model;
    private final String serial;
    private final Port[] ports;
    private boolean connected;

    private static final class Port {
        boolean vbus = true;
        boolean usb2 = true;
        boolean usb3 = true;
        boolean error;
        long limitMicroamps = DEFAULT_LIMIT_MICROAMPS;
        long loadMicroamps = -1;     // < 0: no device
    }

    /** A bridge error, with the code the real bridge gives ({@code NOT_FOUND}, {@code BAD_PARAM}, {@code RANGE}...). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The bridge's error code, such as {@code NOT_FOUND}. */
        private final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        /** @return the bridge's error code */
        public String code() {
            return code;
        }
    }

    /**
     * @param model  the model it imitates
     * @param ports  its port count (the model's, or another for tests: 1..32)
     * @param serial its serial number, 8 hex digits
     */
    public SimulatedBrainStem(AcronameModel model, int ports, String serial) {
        this.model = Objects.requireNonNull(model, "model");
        if (ports < 1 || ports > 32) {
            throw new IllegalArgumentException("a simulated hub has 1..32 ports, not " + ports);
        }
        this.serial = Objects.requireNonNull(serial, "serial");
        this.ports = new Port[ports];
        for (int i = 0; i < ports; i++) {
            this.ports[i] = new Port();
        }
    }

    /** @return its serial number */
    public String serial() {
        return serial;
    }

    /**
     * Plugs a device into a port.
     *
     * @param port 0-based port
     * @param amps the current it draws while powered
     */
    public synchronized void attachDevice(int port, double amps) {
        Port p = port(port);
        p.loadMicroamps = Math.round(amps * 1e6);
        checkOverCurrent(p);
    }

    /** @param port 0-based port whose device is unplugged */
    public synchronized void detachDevice(int port) {
        port(port).loadMicroamps = -1;
    }

    /**
     * Runs one bridge operation as the SDK would.
     *
     * @param op         the operation, as {@code acroname_bridge.py} names it
     * @param parameters its parameters
     * @return its result
     * @throws Refused with the bridge's error code when the SDK would refuse
     */
    public synchronized Map<String, Object> call(String op, Map<String, ?> parameters) {
        if (!op.equals("connect") && !op.equals("disconnect") && !connected) {
            throw new Refused("NOT_CONNECTED", "connect first");
        }
        switch (op) {
            case "connect" -> {
                String wanted = String.valueOf(parameters.get("serial"));
                if (!wanted.equalsIgnoreCase(serial) || !model.sdkName().equals(parameters.get("model"))) {
                    throw new Refused("NOT_FOUND", "connect to " + wanted + ": BrainStem error 3");
                }
                connected = true;
                return Map.of("ports", ports.length, "firmware", "sim");
            }
            case "disconnect" -> {
                connected = false;
                return Map.of();
            }
            case "port.enable" -> {
                Port p = port(parameters);
                boolean on = flag(parameters, "on");
                p.vbus = on;
                p.usb2 = on;
                p.usb3 = on;
                if (on) {
                    p.error = false;
                    checkOverCurrent(p);
                }
                return Map.of();
            }
            case "port.power" -> {
                Port p = port(parameters);
                boolean on = flag(parameters, "on");
                p.vbus = on;
                if (on) {
                    p.error = false;
                    checkOverCurrent(p);
                }
                return Map.of();
            }
            case "port.data" -> {
                Port p = port(parameters);
                boolean on = flag(parameters, "on");
                switch (String.valueOf(parameters.get("lane"))) {
                    case "USB2" -> p.usb2 = on;
                    case "USB3" -> p.usb3 = on;
                    default -> throw new Refused("BAD_PARAM", "lane " + parameters.get("lane") + " is not USB2 or USB3");
                }
                return Map.of();
            }
            case "port.state" -> {
                Port p = port(parameters);
                Map<String, Object> out = new HashMap<>();
                out.put("state", state(p));
                out.put("microvolts", p.vbus ? VBUS_MICROVOLTS : 0L);
                out.put("microamps", p.vbus && p.loadMicroamps > 0 ? p.loadMicroamps : 0L);
                return out;
            }
            case "port.limit" -> {
                Port p = port(parameters);
                if (parameters.containsKey("microamps")) {
                    long limit = ((Number) parameters.get("microamps")).longValue();
                    if (limit < 0 || limit > MAX_LIMIT_MICROAMPS) {
                        throw new Refused("RANGE", "port current limit " + limit + " uA: BrainStem error 13");
                    }
                    p.limitMicroamps = limit;
                    checkOverCurrent(p);
                }
                return Map.of("microamps", p.limitMicroamps);
            }
            case "reset" -> {
                for (int i = 0; i < ports.length; i++) {
                    long load = ports[i].loadMicroamps;
                    ports[i] = new Port();
                    ports[i].loadMicroamps = load;
                }
                return Map.of();
            }
            default -> throw new Refused("BAD_OP", "unknown operation " + op);
        }
    }

    private static long state(Port p) {
        long s = 0;
        if (p.vbus) {
            s |= PortStateBits.VBUS;
        }
        if (p.usb2) {
            s |= PortStateBits.USB2_DATA;
        }
        if (p.usb3) {
            s |= PortStateBits.USB3_DATA;
        }
        if (p.error) {
            s |= PortStateBits.ERROR;
        }
        if (p.vbus && p.loadMicroamps >= 0) {
            s |= PortStateBits.DEVICE_ATTACHED;
        }
        return s;
    }

    private static void checkOverCurrent(Port p) {
        if (p.vbus && p.loadMicroamps > p.limitMicroamps) {
            p.vbus = false;
            p.error = true;
        }
    }

    private static boolean flag(Map<String, ?> parameters, String key) {
        Object v = parameters.get(key);
        if (!(v instanceof Boolean)) {
            throw new Refused("BAD_PARAM", key + " must be true or false, not " + v);
        }
        return (Boolean) v;
    }

    private Port port(Map<String, ?> parameters) {
        Object v = parameters.get("port");
        if (!(v instanceof Number)) {
            throw new Refused("BAD_PARAM", "port must be a number, not " + v);
        }
        int port = ((Number) v).intValue();
        if (port < 0 || port >= ports.length) {
            throw new Refused("RANGE", "port " + port + ": BrainStem error 13");
        }
        return ports[port];
    }

    private Port port(int port) {
        if (port < 0 || port >= ports.length) {
            throw new IllegalArgumentException("port " + port + " is outside 0.." + (ports.length - 1));
        }
        return ports[port];
    }

    @Override
    public String toString() {
        return "SimulatedBrainStem[" + model.sdkName() + " " + serial + ", " + ports.length + " ports]";
    }
}
