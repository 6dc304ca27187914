package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * One composite node of a node composition: {@code CompositeNode { logical1, logical2 }}.
 *
 * @param name         the composite node
 * @param logicalNodes the logical nodes it is made of
 */
public record CompositeNode(String name, List<String> logicalNodes) {

    /**
     * Validates and freezes the parts.
     *
     * @param name         the composite node
     * @param logicalNodes the logical nodes it is made of
     */
    public CompositeNode {
        Objects.requireNonNull(name, "name");
        logicalNodes = List.copyOf(logicalNodes);
    }
}
