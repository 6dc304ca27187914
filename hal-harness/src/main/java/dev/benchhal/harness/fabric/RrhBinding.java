package dev.benchhal.harness.fabric;

import dev.benchhal.core.bench.ConfigFile;
import dev.benchhal.core.bench.ConfigFile.Node;
import dev.benchhal.error.ConfigException;
import dev.benchhal.harness.hotswap.RadioHead;
import dev.benchhal.pcie.PcieAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A radio head's front-haul binding in a fabric: the hub port that powers it (hub serial and port), the patch panel
 * label of its cable, where it must enumerate on the concentrator and the link it must train to, and its module's
 * serial.
 *
 * @param name         the radio head's name, unique in its fabric
 * @param hub          the serial of the Acroname hub that powers it (8 upper-case hex digits)
 * @param port         the hub port, from 0
 * @param patchPanel   the patch panel label of its cable, empty when not recorded
 * @param address      where it enumerates on the concentrator
 * @param width        the link width it must train to
 * @param speedGts     the link speed it must reach at least, in GT/s; 0 for any
 * @param moduleSerial the radio module's serial, empty when not recorded
 */
public record RrhBinding(String name, String hub, int port, String patchPanel, PcieAddress address, int width,
                         double speedGts, String moduleSerial) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final Pattern SERIAL = Pattern.compile("[0-9A-F]{8}");
    /** Link widths PCIe defines. */
    static final List<Integer> WIDTHS = List.of(1, 2, 4, 8, 12, 16, 32);

    /**
     * Validates.
     *
     * @param name         the radio head's name, unique in its fabric
     * @param hub          the serial of the Acroname hub that powers it (8 upper-case hex digits)
     * @param port         the hub port, from 0
     * @param patchPanel   the patch panel label of its cable, empty when not recorded
     * @param address      where it enumerates on the concentrator
     * @param width        the link width it must train to
     * @param speedGts     the link speed it must reach at least, in GT/s; 0 for any
     * @param moduleSerial the radio module's serial, empty when not recorded
     */
    public RrhBinding {
        Objects.requireNonNull(address, "address");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("radio head name \"" + name + "\": expected letters, digits, '.', '_' or '-'");
        }
        if (!SERIAL.matcher(hub).matches()) {
            throw new IllegalArgumentException(name + ": hub serial \"" + hub + "\": expected 8 upper-case hex digits");
        }
        if (port < 0 || port > 31) {
            throw new IllegalArgumentException(name + ": hub port " + port + ": expected 0 to 31");
        }
        if (!WIDTHS.contains(width)) {
            throw new IllegalArgumentException(name + ": link width x" + width + ": expected one of " + WIDTHS);
        }
        if (speedGts < 0 || Double.isNaN(speedGts)) {
            throw new IllegalArgumentException(name + ": link speed " + speedGts + " GT/s: expected 0 (any) or more");
        }
    }

    /** @return the radio head the hot-swap campaign cycles */
    public RadioHead radioHead() {
        return new RadioHead(name, port, address, width, speedGts, hub);
    }

    /** @return where its cable is, for messages: {@code hub 5100A001 port 3 (panel P1-03)} */
    public String cable() {
        return "hub " + hub + " port " + port + (patchPanel.isEmpty() ? "" : " (panel " + patchPanel + ")");
    }

    /**
     * A binding as far as one source gives it: a lab INI's {@code [fabric.rrh.NAME]} section, a bindings file, or the
     * answers at a prompt. Sources are laid over one another ({@link #over}), then {@link #complete} checks that
     * every required field is there.
     *
     * @param name         the radio head's name
     * @param hub          hub serial
     * @param port         hub port
     * @param patchPanel   patch panel label
     * @param address      PCIe address
     * @param width        link width
     * @param speedGts     link speed in GT/s
     * @param moduleSerial module serial
     */
    public record Partial(String name, Optional<String> hub, Optional<Integer> port, Optional<String> patchPanel,
                          Optional<PcieAddress> address, Optional<Integer> width, Optional<Double> speedGts,
                          Optional<String> moduleSerial) {

        /**
         * @param name the radio head's name
         * @return a binding with nothing but its name
         */
        public static Partial named(String name) {
            return new Partial(name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        /**
         * @param b a complete binding
         * @return the binding as a partial one, to lay other sources over
         */
        public static Partial of(RrhBinding b) {
            return new Partial(b.name(), Optional.of(b.hub()), Optional.of(b.port()), Optional.of(b.patchPanel()),
                    Optional.of(b.address()), Optional.of(b.width()), Optional.of(b.speedGts()), Optional.of(b.moduleSerial()));
        }

        /**
         * @param below what this binding is laid over
         * @return this binding's fields where it has them, {@code below}'s elsewhere
         */
        public Partial over(Partial below) {
            return new Partial(name, hub.or(below::hub), port.or(below::port), patchPanel.or(below::patchPanel),
                    address.or(below::address), width.or(below::width), speedGts.or(below::speedGts),
                    moduleSerial.or(below::moduleSerial));
        }

        /** @return the required fields this binding lacks: hub, port, address, width */
        public List<String> missing() {
            List<String> out = new ArrayList<>();
            hub.ifPresentOrElse(h -> { }, () -> out.add("hub"));
            port.ifPresentOrElse(p -> { }, () -> out.add("port"));
            address.ifPresentOrElse(a -> { }, () -> out.add("address"));
            width.ifPresentOrElse(w -> { }, () -> out.add("width"));
            return out;
        }

        /**
         * @param source where the binding came from, for the message
         * @return the complete binding
         * @throws ConfigException naming the radio head and every field it lacks
         */
        public RrhBinding complete(String source) {
            List<String> missing = missing();
            if (!missing.isEmpty()) {
                throw new ConfigException(source, "radio head " + name + ": no " + String.join(", ", missing)
                        + " (bind it: benchhal fabric bind, or [fabric.rrh." + name + "] in the lab INI)");
            }
            try {
                return new RrhBinding(name, hub.orElseThrow(), port.orElseThrow(), patchPanel.orElse(""), address.orElseThrow(),
                        width.orElseThrow(), speedGts.orElse(0.0), moduleSerial.orElse(""));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, e.getMessage(), e);
            }
        }

        /**
         * Reads a bindings file: YAML or JSON with {@code rrhs}, a list of bindings with the keys of a fabric file's
         * ({@code name} required, the rest optional), or a fabric file itself.
         *
         * @param file the file
         * @return its bindings, in order
         * @throws dev.benchhal.error.NotFoundException when it does not exist
         * @throws ConfigException naming the line and key that is wrong
         */
        public static List<Partial> load(java.nio.file.Path file) {
            ConfigFile config = ConfigFile.load(file, "bindings file");
            Node root = config.root();
            Map<String, Node> top = root.map(java.util.Set.of("schema", "fabric_id", "concentrator", "discovery_fingerprint",
                    "hubs", "rrhs"));
            List<Partial> out = new ArrayList<>();
            for (Node n : root.required(top, "rrhs").list()) {
                out.add(fromNode(n));
            }
            return out;
        }

        /** One {@code rrhs} row of a fabric or bindings file: {@code name} required, the rest as far as given. */
        static Partial fromNode(Node n) {
            Map<String, Node> r = n.map(java.util.Set.of("name", "hub", "port", "patch_panel", "address", "width", "speed",
                    "module_serial"));
            String name = n.required(r, "name").text();
            if (!NAME.matcher(name).matches()) {
                throw n.error("radio head name \"" + name + "\": expected letters, digits, '.', '_' or '-'");
            }
            Optional<String> hub = Node.optional(r, "hub").map(h -> {
                String serial = h.text().toUpperCase(Locale.ROOT);
                if (!SERIAL.matcher(serial).matches()) {
                    throw h.error("expected the hub's serial, 8 hex digits, got \"" + h.text() + "\"");
                }
                return serial;
            });
            Optional<PcieAddress> address = Node.optional(r, "address").map(a -> {
                try {
                    return PcieAddress.parse(a.text());
                } catch (IllegalArgumentException e) {
                    throw a.error(e.getMessage());
                }
            });
            Optional<Double> speed = Node.optional(r, "speed").map(v -> {
                try {
                    return Double.parseDouble(v.text());
                } catch (NumberFormatException e) {
                    throw v.error("expected a link speed in GT/s such as 8.0, got \"" + v.text() + "\"");
                }
            });
            return new Partial(name, hub, Node.optional(r, "port").map(v -> (int) v.integer()),
                    Node.optional(r, "patch_panel").map(Node::text), address, Node.optional(r, "width").map(v -> (int) v.integer()),
                    speed, Node.optional(r, "module_serial").map(Node::text));
        }

        /**
         * A complete row of a fabric file.
         *
         * @param n the row
         * @return the binding
         * @throws ConfigException at the row for a missing field or a value out of range
         */
        static RrhBinding complete(Node n) {
            Partial p = fromNode(n);
            if (!p.missing().isEmpty()) {
                throw n.error("radio head " + p.name() + ": missing " + String.join(", ", p.missing()));
            }
            try {
                return new RrhBinding(p.name(), p.hub().orElseThrow(), p.port().orElseThrow(), p.patchPanel().orElse(""),
                        p.address().orElseThrow(), p.width().orElseThrow(), p.speedGts().orElse(0.0), p.moduleSerial().orElse(""));
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
        }

        static Partial fromIni(LabIni ini, LabIni.Section s) {
            String name = s.name().substring("fabric.rrh.".length());
            if (!NAME.matcher(name).matches()) {
                throw ini.error(s, "", "radio head name \"" + name + "\": expected letters, digits, '.', '_' or '-'");
            }
            Optional<String> hub = LabIni.first(s, "acroname_serial", "hub_serial", "hub").map(e -> {
                String serial = e.getValue().toUpperCase(Locale.ROOT).replaceFirst("^0X", "");
                if (!SERIAL.matcher(serial).matches()) {
                    throw ini.error(s, e.getKey(), "expected the hub's serial, 8 hex digits, got \"" + e.getValue() + "\"");
                }
                return serial;
            });
            Optional<Integer> port = ini.integer(s, 0, 31, "acroname_port", "hub_port", "port");
            Optional<PcieAddress> address = LabIni.first(s, "pcie_address", "address", "bdf").map(e -> {
                try {
                    return PcieAddress.parse(e.getValue());
                } catch (IllegalArgumentException bad) {
                    throw ini.error(s, e.getKey(), bad.getMessage());
                }
            });
            Optional<Integer> width = ini.integer(s, 1, 32, "width", "link_width", "pcie_width");
            width.filter(w -> !WIDTHS.contains(w)).ifPresent(w -> {
                throw ini.error(s, LabIni.first(s, "width", "link_width", "pcie_width").orElseThrow().getKey(),
                        "expected a PCIe link width " + WIDTHS + ", got " + w);
            });
            Optional<Double> speed = LabIni.first(s, "speed", "link_speed", "pcie_speed").map(e -> {
                String text = e.getValue().replaceFirst("(?i)\\s*gt/s$", "");
                try {
                    double gts = Double.parseDouble(text);
                    if (gts >= 0) {
                        return gts;
                    }
                } catch (NumberFormatException bad) {
                    // reported below
                }
                throw ini.error(s, e.getKey(), "expected a link speed in GT/s such as 8.0, got \"" + e.getValue() + "\"");
            });
            return new Partial(name, hub, port, LabIni.first(s, "patch_panel", "panel", "patch").map(Map.Entry::getValue),
                    address, width, speed, LabIni.first(s, "module_serial", "serial").map(Map.Entry::getValue));
        }
    }

    /** @return this binding as the fabric file writes it */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("hub", hub);
        out.put("port", port);
        out.put("patch_panel", patchPanel);
        out.put("address", address.toString());
        out.put("width", width);
        out.put("speed", speedGts);
        out.put("module_serial", moduleSerial);
        return out;
    }
}
