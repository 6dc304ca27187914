package dev.benchhal.pcie;

import java.util.List;
import java.util.Objects;

/**
 * The PCI topology as a forest: one node per function, children under their bridge.
 *
 * @param roots the functions on root buses, in address order
 */
public record PcieTree(List<Node> roots) {

    /**
     * Freezes the list.
     *
     * @param roots the functions on root buses, in address order
     */
    public PcieTree {
        roots = List.copyOf(roots);
    }

    /**
     * One function and what sits behind it.
     *
     * @param device   the function
     * @param children the functions behind it (only bridges have any), in address order
     */
    public record Node(PcieDevice device, List<Node> children) {
        /**
         * Freezes the list.
         *
         * @param device   the function
         * @param children the functions behind it (only bridges have any), in address order
         */
        public Node {
            Objects.requireNonNull(device, "device");
            children = List.copyOf(children);
        }
    }
}
