package dev.benchhal.harness.fabric;

import java.util.Objects;

/**
 * One hub as discovery saw it: the machine it is plugged into, its serial, model and port count.
 *
 * @param machine the lab machine's name
 * @param serial  its serial, 8 upper-case hex digits
 * @param model   its model ({@code USBHub3p})
 * @param ports   its port count
 */
public record HubRecord(String machine, String serial, String model, int ports) {

    /**
     * Validates.
     *
     * @param machine the lab machine's name
     * @param serial  its serial, 8 upper-case hex digits
     * @param model   its model ({@code USBHub3p})
     * @param ports   its port count
     */
    public HubRecord {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(model, "model");
        if (!RrhBinding.SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("hub serial \"" + serial + "\": expected 8 upper-case hex digits");
        }
        if (ports < 0) {
            throw new IllegalArgumentException("hub " + serial + ": ports " + ports + ": expected 0 or more");
        }
    }

    /** @return the line the fingerprint is made of */
    String fingerprintLine() {
        return machine + "|" + serial + "|" + model + "|" + ports;
    }

    @Override
    public String toString() {
        return model + " " + serial + " (" + ports + " ports) on " + machine;
    }
}
