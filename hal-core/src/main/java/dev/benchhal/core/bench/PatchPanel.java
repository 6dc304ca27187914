package dev.benchhal.core.bench;

import dev.benchhal.core.bench.ConfigFile.Node;
import dev.benchhal.pcie.PcieAddress;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Patch panel labels of a bench's PCIe functions (the seed's {@code _panel.json}): which front-panel port a radio's
 * cable goes to, by the address it enumerates at. Read by the concentrator dump ({@code benchhal pcie dump}) and the
 * fabric ({@code benchhal fabric}). A JSON (or YAML) file, either a map or a list:
 * <pre>
 * { "0000:01:00.0": "P1-01", "0000:02:00.0": "P1-02" }
 * [ { "address": "0000:01:00.0", "label": "P1-01" } ]      (also "bdf" and "panel")
 * </pre>
 */
public final class PatchPanel {

    private PatchPanel() {
    }

    /**
     * Reads a patch panel file.
     *
     * @param file the file
     * @return the labels by address, in file order
     * @throws dev.benchhal.error.NotFoundException when it does not exist
     * @throws dev.benchhal.error.ConfigException   naming the line of an address that does not parse, or a label that is missing
     */
    public static Map<PcieAddress, String> load(Path file) {
        Node root = ConfigFile.load(file, "patch panel file").root();
        Map<PcieAddress, String> labels = new LinkedHashMap<>();
        if (root.isList()) {
            for (Node entry : root.list()) {
                Map<String, Node> e = entry.map(Set.of("address", "bdf", "label", "panel"));
                Node address = Node.optional(e, "address").or(() -> Node.optional(e, "bdf"))
                        .orElseThrow(() -> entry.error("missing key \"address\""));
                Node label = Node.optional(e, "label").or(() -> Node.optional(e, "panel"))
                        .orElseThrow(() -> entry.error("missing key \"label\""));
                labels.put(address(address.text(), address), label.text());
            }
        } else {
            for (Map.Entry<String, Node> e : root.entries().entrySet()) {
                labels.put(address(e.getKey(), e.getValue()), e.getValue().text());
            }
        }
        return Collections.unmodifiableMap(labels);
    }

    private static PcieAddress address(String key, Node value) {
        try {
            return PcieAddress.parse(key);
        } catch (IllegalArgumentException e) {
            throw value.error(e.getMessage());
        }
    }
}
