package dev.benchhal.lin.mock.boot;

import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.mock.NodeBehaviour;
import dev.benchhal.lin.mock.NodeBehaviourFactory;

/** Model {@code bootloader}: {@link BootloaderNode} with its default memory and timing; any node with a NAD. */
public final class BootloaderModelFactory implements NodeBehaviourFactory {

    /** Called by {@link java.util.ServiceLoader}. */
    public BootloaderModelFactory() {
    }

    @Override
    public String model() {
        return "bootloader";
    }

    @Override
    public NodeBehaviour create(String node, LdfDatabase ldf) {
        if (ldf.nodeAttributes().stream().noneMatch(a -> a.name().equals(node))) {
            throw new IllegalArgumentException("model bootloader needs node attributes (a NAD) for " + node + "; "
                    + ldf.source() + " has none");
        }
        return new BootloaderNode();
    }
}
