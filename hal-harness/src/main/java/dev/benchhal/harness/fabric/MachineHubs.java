package dev.benchhal.harness.fabric;

import java.util.List;
import java.util.Optional;

/**
 * What discovery found on one lab machine: a row of the seed's {@code test_acroname_usb_discovery.py} table.
 *
 * @param machine          the lab machine's name
 * @param host             the host as its shell names it
 * @param how              how its hubs were found ({@code local}, {@code remote}, {@code simulated}, {@code bench})
 * @param brainstemVersion the BrainStem SDK's version there, or how the hubs were found without it
 * @param hubs             the hubs
 * @param error            why discovery failed there (its hubs are then unknown, not absent); empty when it answered
 */
public record MachineHubs(String machine, String host, String how, String brainstemVersion, List<HubRecord> hubs,
                          Optional<String> error) {

    /**
     * Freezes the list.
     *
     * @param machine          the lab machine's name
     * @param host             the host as its shell names it
     * @param how              how its hubs were found ({@code local}, {@code remote}, {@code simulated}, {@code bench})
     * @param brainstemVersion the BrainStem SDK's version there, or how the hubs were found without it
     * @param hubs             the hubs
     * @param error            why discovery failed there (its hubs are then unknown, not absent); empty when it answered
     */
    public MachineHubs {
        hubs = List.copyOf(hubs);
    }

    /**
     * @param machine the lab machine
     * @param how     how discovery was asked
     * @param error   what went wrong
     * @return a machine whose discovery failed
     */
    public static MachineHubs failed(String machine, String how, String error) {
        return new MachineHubs(machine, machine, how, "unknown", List.of(), Optional.of(error));
    }

    /** @return whether discovery answered there */
    public boolean answered() {
        return error.isEmpty();
    }
}
