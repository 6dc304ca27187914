package dev.benchhal.harness.hotswap;

import dev.benchhal.error.ConfigException;
import dev.benchhal.pcie.PcieAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One radio head of a hot-swap campaign: the hub port that powers it, where it must enumerate, and the link width
 * (and speed) it must train to. Read from a bench file's {@code topology.radios} list:
 * <pre>
 * topology:
 *   radios:
 *     - { name: rrh0, port: 0, address: "0000:01:00.0", width: 1, speed: 5.0 }   # speed in GT/s, optional
 * </pre>
 *
 * @param name     the radio's name: the campaign's path
 * @param port     the hub port that powers it
 * @param address  where it enumerates
 * @param width    the link width it must train to
 * @param speedGts the link speed it must train to at least, in GT/s; 0 for any
 * @param hub      the serial of the hub that powers it (a fabric's radio heads may hang off several hubs); empty when
 *                 the campaign has one hub
 */
public record RadioHead(String name, int port, PcieAddress address, int width, double speedGts, String hub) {

    /**
     * A radio head on the campaign's only hub.
     *
     * @param name     the radio's name
     * @param port     the hub port that powers it
     * @param address  where it enumerates
     * @param width    the link width it must train to
     * @param speedGts the link speed it must train to at least, in GT/s; 0 for any
     */
    public RadioHead(String name, int port, PcieAddress address, int width, double speedGts) {
        this(name, port, address, width, speedGts, "");
    }

    /**
     * @param name    the radio's name
     * @param port    the hub port that powers it
     * @param address where it enumerates
     * @param width   the link width it must train to
     */
    public RadioHead(String name, int port, PcieAddress address, int width) {
        this(name, port, address, width, 0);
    }

    /**
     * @param topology the bench's topology
     * @param source   the bench, for messages
     * @return the radios, in file order; empty when the topology lists none
     * @throws ConfigException naming the entry and key that is missing or malformed
     */
    public static List<RadioHead> fromTopology(Map<String, Object> topology, String source) {
        Object radios = topology.get("radios");
        if (radios == null) {
            return List.of();
        }
        if (!(radios instanceof List<?> list)) {
            throw new ConfigException(source, "topology.radios: expected a list of radios, got " + radios);
        }
        List<RadioHead> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "topology.radios[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw new ConfigException(source, where + ": expected a map with name, port, address, width, got " + list.get(i));
            }
            String name = String.valueOf(required(entry, "name", where, source));
            int port = number(entry, "port", where, source);
            PcieAddress address;
            try {
                address = PcieAddress.parse(String.valueOf(required(entry, "address", where, source)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, where + ".address: " + e.getMessage());
            }
            double speed = 0;
            Object givenSpeed = entry.get("speed");
            if (givenSpeed != null) {
                if (!(givenSpeed instanceof Number n) || n.doubleValue() <= 0) {
                    throw new ConfigException(source, where + ".speed: expected a speed in GT/s such as 8.0, got " + givenSpeed);
                }
                speed = n.doubleValue();
            }
            out.add(new RadioHead(name, port, address, number(entry, "width", where, source), speed));
        }
        return out;
    }

    private static Object required(Map<?, ?> entry, String key, String where, String source) {
        Object value = entry.get(key);
        if (value == null) {
            throw new ConfigException(source, where + ": " + key + " is missing");
        }
        return value;
    }

    private static int number(Map<?, ?> entry, String key, String where, String source) {
        Object value = required(entry, key, where, source);
        if (value instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0) {
            return n.intValue();
        }
        throw new ConfigException(source, where + "." + key + ": expected a whole number of at least 0, got "
                + (value instanceof String ? "the string \"" + value + "\"" : value));
    }
}
