package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.LdfDatabase;

/**
 * Makes node behaviours by model name, for the {@code models=NODE:MODEL,...} URI option.
 * Registered through {@link java.util.ServiceLoader} ({@code provides} in {@code module-info} and
 * {@code META-INF/services}). The simulator ships {@code alm}, the ambient-light module.
 */
public interface NodeBehaviourFactory {

    /** @return the model name used in URIs */
    String model();

    /**
     * @param node the LDF node the behaviour is for
     * @param ldf  the cluster
     * @return a new behaviour for that node
     * @throws IllegalArgumentException when the LDF lacks what the model needs, naming it
     */
    NodeBehaviour create(String node, LdfDatabase ldf);
}
