package dev.benchhal.pcie;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A physical slot the platform reports ({@code /sys/bus/pci/slots/NAME}), with or without a card.
 *
 * @param name        the slot name ({@code 3})
 * @param address     domain, bus and device the slot holds ({@code 0000:02:00}), as the platform reports it
 * @param powered     the slot's power, for hot-plug slots; empty where the platform does not say
 * @param cardPresent whether a card sits in the slot (the {@code adapter} file of hot-plug slots); empty where
 *                    the platform does not say
 * @param functions   the functions the host sees at the slot's address now, in address order
 */
public record PcieSlot(String name, String address, Optional<Boolean> powered, Optional<Boolean> cardPresent,
                       List<PcieAddress> functions) {

    /**
     * Checks the parts and freezes the list.
     *
     * @param name        the slot name ({@code 3})
     * @param address     domain, bus and device the slot holds ({@code 0000:02:00}), as the platform reports it
     * @param powered     the slot's power, for hot-plug slots; empty where the platform does not say
     * @param cardPresent whether a card sits in the slot (the {@code adapter} file of hot-plug slots); empty where
     *                    the platform does not say
     * @param functions   the functions the host sees at the slot's address now, in address order
     */
    public PcieSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(powered, "powered");
        Objects.requireNonNull(cardPresent, "cardPresent");
        functions = List.copyOf(functions);
    }

    /** @return {@code true} when the platform says there is no card, or, where it does not say, no function is seen */
    public boolean empty() {
        return cardPresent.map(present -> !present).orElse(functions.isEmpty());
    }

    @Override
    public String toString() {
        return "slot " + name + " (" + address + ") " + (empty() ? "empty" : functions.isEmpty() ? "card, no function"
                : functions.toString()) + powered.map(p -> p ? ", power on" : ", power off").orElse("");
    }
}
