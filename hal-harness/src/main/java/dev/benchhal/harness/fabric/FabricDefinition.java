package dev.benchhal.harness.fabric;

import dev.benchhal.core.bench.ConfigFile;
import dev.benchhal.core.bench.ConfigFile.Node;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.HalException;
import dev.benchhal.harness.hotswap.RadioHead;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fabric: the radio heads of a fronthaul bench with their bindings, the machine that is their concentrator, and the
 * hubs with the discovery fingerprint it was bound against (the seed's {@code FabricDefinition}). Stored as JSON with
 * a versioned schema:
 * <pre>
 * {
 *   "schema": "benchhal-fabric/1",
 *   "fabric_id": "lab-a",
 *   "concentrator": "rig1",
 *   "discovery_fingerprint": "sha256:3f9c0a51d2e87b64",
 *   "hubs": [ { "machine": "rig1", "serial": "5100A001", "model": "USBHub3p", "ports": 8 } ],
 *   "rrhs": [ { "name": "rrh0", "hub": "5100A001", "port": 0, "patch_panel": "P1-01", "address": "0000:01:00.0",
 *               "width": 1, "speed": 5.0, "module_serial": "MS-0042" } ]
 * }
 * </pre>
 * Every radio head's hub is one of the fabric's hubs, its port one that hub has; names, addresses and hub ports are
 * unique. Immutable and thread-safe.
 *
 * @param fabricId     the fabric's id
 * @param concentrator the lab machine the radios enumerate on, when known
 * @param fingerprint  the discovery fingerprint of {@code hubs}
 * @param hubs         the hubs discovery found when the fabric was bound
 * @param rrhs         the radio heads, in order
 */
public record FabricDefinition(String fabricId, Optional<String> concentrator, String fingerprint, List<HubRecord> hubs,
                               List<RrhBinding> rrhs) {

    /** The schema this version writes and reads. */
    public static final String SCHEMA = "benchhal-fabric/1";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * Freezes the lists and checks that the bindings fit the hubs.
     *
     * @param fabricId     the fabric's id
     * @param concentrator the lab machine the radios enumerate on, when known
     * @param fingerprint  the discovery fingerprint of {@code hubs}
     * @param hubs         the hubs discovery found when the fabric was bound
     * @param rrhs         the radio heads, in order
     */
    public FabricDefinition {
        hubs = List.copyOf(hubs);
        rrhs = List.copyOf(rrhs);
        Map<String, HubRecord> bySerial = new HashMap<>();
        hubs.forEach(h -> bySerial.put(h.serial(), h));
        Map<String, String> seen = new HashMap<>();
        for (RrhBinding r : rrhs) {
            HubRecord hub = bySerial.get(r.hub());
            if (hub == null) {
                throw new IllegalArgumentException(r.name() + ": hub " + r.hub() + " is not one of the fabric's hubs "
                        + bySerial.keySet());
            }
            if (hub.ports() > 0 && r.port() >= hub.ports()) {
                throw new IllegalArgumentException(r.name() + ": port " + r.port() + " of hub " + r.hub() + ", which has "
                        + hub.ports() + " ports (0 to " + (hub.ports() - 1) + ")");
            }
            for (String key : List.of("name " + r.name(), "address " + r.address(), r.cable().replaceFirst(" \\(.*", ""))) {
                String before = seen.putIfAbsent(key, r.name());
                if (before != null) {
                    throw new IllegalArgumentException(r.name() + ": " + key + " is " + before + "'s already");
                }
            }
        }
    }

    /**
     * @param fabricId     the fabric's id
     * @param concentrator the concentrator's machine, if known
     * @param discovery    what discovery found: the hubs and their fingerprint
     * @param rrhs         the radio heads
     * @return the fabric bound against that discovery
     * @throws ConfigException when a binding does not fit the hubs found
     */
    public static FabricDefinition bound(String fabricId, Optional<String> concentrator, Discovery discovery, List<RrhBinding> rrhs) {
        try {
            return new FabricDefinition(fabricId, concentrator, discovery.fingerprint(), discovery.hubs(), rrhs);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("fabric " + fabricId, e.getMessage(), e);
        }
    }

    /** @return the radio heads the hot-swap campaign cycles */
    public List<RadioHead> radioHeads() {
        return rrhs.stream().map(RrhBinding::radioHead).toList();
    }

    /**
     * @param serial a hub's serial
     * @return the ports of that hub that power radio heads (the seed's {@code rrh_power_ports}), in order
     */
    public List<Integer> powerPorts(String serial) {
        return rrhs.stream().filter(r -> r.hub().equals(serial)).map(RrhBinding::port).sorted().toList();
    }

    /**
     * Lays a lab INI's {@code [fabric]} and {@code [fabric.rrh.NAME]} sections over this fabric (the seed's merge):
     * the id and concentrator, and hub, port, patch panel, address, link and module serial of radio heads the fabric
     * has. A section for a radio head it does not have is an error: the fabric is bound again to add one.
     *
     * @param ini the lab INI
     * @return the merged fabric
     * @throws ConfigException naming a radio head the fabric lacks, or an override that does not fit the hubs
     */
    public FabricDefinition merge(LabIni ini) {
        Map<String, RrhBinding.Partial> overrides = new LinkedHashMap<>();
        for (RrhBinding.Partial p : ini.radioHeads()) {
            overrides.put(p.name(), p);
        }
        List<RrhBinding> merged = new ArrayList<>();
        for (RrhBinding r : rrhs) {
            RrhBinding.Partial over = overrides.remove(r.name());
            merged.add(over == null ? r : over.over(RrhBinding.Partial.of(r)).complete(ini.name()));
        }
        if (!overrides.isEmpty()) {
            throw new ConfigException(ini.name(), "[fabric.rrh." + overrides.keySet().iterator().next() + "]: the fabric "
                    + fabricId + " has no such radio head (it has " + rrhs.stream().map(RrhBinding::name).toList()
                    + "); bind it with benchhal fabric build or bind");
        }
        try {
            return new FabricDefinition(ini.fabricId().orElse(fabricId), ini.concentrator().or(() -> concentrator), fingerprint,
                    hubs, merged);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ini.name(), "after merging its [fabric.rrh.*] sections: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a fabric file.
     *
     * @param file the file
     * @return the fabric
     * @throws dev.benchhal.error.NotFoundException when it does not exist
     * @throws ConfigException naming the line and key that is wrong, or a schema this version does not read
     */
    public static FabricDefinition load(Path file) {
        ConfigFile config = ConfigFile.load(file, "fabric file");
        Node root = config.root();
        Map<String, Node> top = root.map(Set.of("schema", "fabric_id", "concentrator", "discovery_fingerprint", "hubs", "rrhs"));
        Node schema = root.required(top, "schema");
        if (!schema.text().equals(SCHEMA)) {
            throw schema.error("this version reads " + SCHEMA + ", got \"" + schema.text() + "\"");
        }
        List<HubRecord> hubs = new ArrayList<>();
        for (Node n : root.required(top, "hubs").list()) {
            Map<String, Node> h = n.map(Set.of("machine", "serial", "model", "ports"));
            try {
                hubs.add(new HubRecord(n.required(h, "machine").text(), n.required(h, "serial").text(), n.required(h, "model").text(),
                        (int) n.required(h, "ports").integer()));
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
        }
        List<RrhBinding> rrhs = new ArrayList<>();
        for (Node n : root.required(top, "rrhs").list()) {
            rrhs.add(RrhBinding.Partial.complete(n));
        }
        String fingerprint = root.required(top, "discovery_fingerprint").text();
        String computed = Discovery.fingerprint(hubs);
        if (!fingerprint.equals(computed)) {
            throw root.required(top, "discovery_fingerprint").error("does not match the fabric's hubs (they give " + computed
                    + "): the file was edited by hand; bind it again");
        }
        try {
            return new FabricDefinition(root.required(top, "fabric_id").text(),
                    Node.optional(top, "concentrator").map(Node::text), fingerprint, hubs, rrhs);
        } catch (IllegalArgumentException e) {
            throw root.error(e.getMessage());
        }
    }

    /** @return the fabric as its file holds it */
    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", SCHEMA);
        out.put("fabric_id", fabricId);
        concentrator.ifPresent(c -> out.put("concentrator", c));
        out.put("discovery_fingerprint", fingerprint);
        List<Map<String, Object>> hubList = new ArrayList<>();
        for (HubRecord h : hubs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine", h.machine());
            m.put("serial", h.serial());
            m.put("model", h.model());
            m.put("ports", h.ports());
            hubList.add(m);
        }
        out.put("hubs", hubList);
        out.put("rrhs", rrhs.stream().map(RrhBinding::toJson).toList());
        return JSON.writeValueAsString(out) + "\n";
    }

    /**
     * Writes the fabric file whole: a reader never sees half of it (a temporary file moved into place).
     *
     * @param file where
     * @throws HalException when it cannot be written
     */
    public void save(Path file) {
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            Files.createDirectories(absolute.getParent());
            Files.writeString(temp, toJson(), StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HalException(file.toString(), "cannot write the fabric file: " + e.getMessage(), e);
        }
    }

    /** @return the human summary the seed's {@code print(fabric)} gives */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("fabric ").append(fabricId).append(": ").append(rrhs.size()).append(" radio heads on ")
                .append(hubs.size()).append(hubs.size() == 1 ? " hub" : " hubs").append(concentrator.map(c -> ", concentrator " + c).orElse(""))
                .append(", fingerprint ").append(fingerprint);
        for (RrhBinding r : rrhs) {
            out.append(String.format(java.util.Locale.ROOT, "%n  %-10s %-34s %s x%d%s%s", r.name(), r.cable(), r.address(), r.width(),
                    r.speedGts() > 0 ? " " + r.speedGts() + " GT/s" : "", r.moduleSerial().isEmpty() ? "" : ", module " + r.moduleSerial()));
        }
        return out.toString();
    }
}
