package dev.benchhal.pcie;

import java.util.Objects;

/**
 * Which device to wait for: by address or by vendor:device id, never by enumeration index
 * (which changes when devices come and go).
 */
public sealed interface PcieMatch {

    /**
     * @param device a device
     * @return {@code true} when it is the one meant
     */
    boolean matches(PcieDevice device);

    /**
     * @param address the address
     * @return a match on that address
     */
    static PcieMatch at(PcieAddress address) {
        return new AtAddress(address);
    }

    /**
     * @param vendorId 16-bit vendor id
     * @param deviceId 16-bit device id
     * @return a match on any function with those ids
     */
    static PcieMatch ids(int vendorId, int deviceId) {
        return new ById(vendorId, deviceId);
    }

    /**
     * A device at an address.
     *
     * @param address the address
     */
    record AtAddress(PcieAddress address) implements PcieMatch {
        /**
         * Checks the address.
         *
         * @param address the address
         */
        public AtAddress {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public boolean matches(PcieDevice device) {
            return device.address().equals(address);
        }

        @Override
        public String toString() {
            return address.toString();
        }
    }

    /**
     * A device by ids.
     *
     * @param vendorId 16-bit vendor id
     * @param deviceId 16-bit device id
     */
    record ById(int vendorId, int deviceId) implements PcieMatch {
        /**
         * Checks the ranges.
         *
         * @param vendorId 16-bit vendor id
         * @param deviceId 16-bit device id
         */
        public ById {
            if (vendorId < 0 || vendorId > 0xFFFF || deviceId < 0 || deviceId > 0xFFFF) {
                throw new IllegalArgumentException("PCI ids are 16-bit: " + vendorId + ":" + deviceId);
            }
        }

        @Override
        public boolean matches(PcieDevice device) {
            return device.vendorId() == vendorId && device.deviceId() == deviceId;
        }

        @Override
        public String toString() {
            return String.format("%04x:%04x", vendorId, deviceId);
        }
    }
}
