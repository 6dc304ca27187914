package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * One configuration of the LDF's composite section.
 *
 * @param configuration configuration name
 * @param composites    composite nodes in file order
 */
public record NodeComposition(String configuration, List<CompositeNode> composites) {

    /**
     * Validates and freezes the parts.
     *
     * @param configuration configuration name
     * @param composites    composite nodes in file order
     */
    public NodeComposition {
        Objects.requireNonNull(configuration, "configuration");
        composites = List.copyOf(composites);
    }
}
