package dev.benchhal.pcie;

import dev.benchhal.Device;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PCI Express view of one host, local or remote: enumeration, topology, hot-swap
 * operations and the concentrator snapshot.
 *
 * <pre>{@code
 * try (PcieHost host = drivers.open("pcie:local", PcieHost.class)) {
 *     PcieAddress rrh = PcieAddress.parse("0000:03:00.0");
 *     host.remove(rrh);
 *     host.rescan();
 *     host.awaitDevice(PcieMatch.at(rrh), Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Operations that write (remove, rescan, slot power, reset) need root on real hosts and
 * throw {@link dev.benchhal.error.HalException} naming the file that could not be written.
 * Thread-safe; waits run on the bench clock.
 */
public interface PcieHost extends Device {

    /** @return every PCI function now, in address order */
    List<PcieDevice> devices();

    /**
     * @param address an address
     * @return the function there now, if any
     */
    Optional<PcieDevice> device(PcieAddress address);

    /** @return the topology: root buses, bridges and their children */
    PcieTree tree();

    /**
     * Removes a function from the kernel's view (sysfs {@code remove}).
     *
     * @param address the function
     * @throws dev.benchhal.error.NotFoundException when it is not present
     */
    void remove(PcieAddress address);

    /** Rescans every bus. */
    void rescan();

    /**
     * Rescans the bus behind one bridge.
     *
     * @param bridge the bridge
     */
    void rescan(PcieAddress bridge);

    /**
     * Switches a hot-plug slot's power.
     *
     * @param slot the slot name as in {@code /sys/bus/pci/slots}
     * @param on   {@code true} to power
     * @throws dev.benchhal.error.NotFoundException for a slot the host does not have, and for powering on a
     *         slot that reports no card in it
     */
    void setSlotPower(String slot, boolean on);

    /**
     * Lists the physical slots the platform reports, with their state: power, whether a card sits in
     * them, and the functions seen at their address. An empty slot is listed too. Blocks for one read
     * of the host; thread-safe.
     *
     * @return the slots in name order (numeric names by number); empty when the platform reports none
     */
    List<PcieSlot> slots();

    /**
     * Resets one function (sysfs {@code reset}).
     *
     * @param address the function
     */
    void reset(PcieAddress address);

    /**
     * Waits until a matching device is present.
     *
     * @param match   by address or by ids
     * @param timeout limit on the bench clock
     * @return the device
     * @throws dev.benchhal.error.HalTimeoutException naming the match and what was last seen
     */
    PcieDevice awaitDevice(PcieMatch match, Duration timeout);

    /**
     * Waits until no matching device is present.
     *
     * @param match   by address or by ids
     * @param timeout limit on the bench clock
     * @throws dev.benchhal.error.HalTimeoutException when it is still there
     */
    void awaitGone(PcieMatch match, Duration timeout);

    /**
     * Takes the concentrator snapshot: CPU, PCI links, lspci tree, baseboard.
     *
     * @param options what to probe
     * @return the snapshot
     */
    HostSnapshot snapshot(SnapshotOptions options);
}
