package dev.benchhal.hypervisor;

import java.util.Objects;

/**
 * One address of a guest interface.
 *
 * @param interfaceName the guest-side or host-side interface name
 * @param mac           the MAC address
 * @param address       the IP address text
 * @param prefix        the prefix length
 * @param ipv6          {@code true} for IPv6
 */
public record GuestAddress(String interfaceName, String mac, String address, int prefix, boolean ipv6) {
    /**
     * Checks the fields.
     *
     * @param interfaceName the guest-side or host-side interface name
     * @param mac           the MAC address
     * @param address       the IP address text
     * @param prefix        the prefix length
     * @param ipv6          {@code true} for IPv6
     */
    public GuestAddress {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
    }
}
