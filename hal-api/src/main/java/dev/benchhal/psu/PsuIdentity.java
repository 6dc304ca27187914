package dev.benchhal.psu;

import java.util.Objects;

/**
 * What a supply says it is, from {@code *IDN?}: {@code OWON,SPE6103,2303123,FV:V1.2.0}.
 *
 * @param vendor   e.g. {@code OWON}
 * @param model    e.g. {@code SPE6103}
 * @param serial   the serial number, possibly empty
 * @param firmware the firmware version, possibly empty
 */
public record PsuIdentity(String vendor, String model, String serial, String firmware) {

    /**
     * Validates the fields.
     *
     * @param vendor   e.g. {@code OWON}
     * @param model    e.g. {@code SPE6103}
     * @param serial   the serial number, possibly empty
     * @param firmware the firmware version, possibly empty
     */
    public PsuIdentity {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(firmware, "firmware");
    }

    /**
     * Parses an IEEE 488.2 identity reply of four comma-separated fields.
     *
     * @param idn the reply
     * @return the identity
     * @throws IllegalArgumentException quoting the reply when it does not have 4 fields
     */
    public static PsuIdentity parse(String idn) {
        String[] f = idn.trim().split(",", -1);
        if (f.length != 4 || f[0].isBlank() || f[1].isBlank()) {
            throw new IllegalArgumentException("*IDN? reply \"" + idn + "\" is not VENDOR,MODEL,SERIAL,FIRMWARE");
        }
        return new PsuIdentity(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim());
    }

    @Override
    public String toString() {
        return vendor + "," + model + "," + serial + "," + firmware;
    }
}
