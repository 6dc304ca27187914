package dev.benchhal.hypervisor;

import dev.benchhal.pcie.PcieAddress;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A domain to define, as typed values; drivers turn it into hypervisor XML with a real XML
 * API, never by string concatenation.
 *
 * @param name        1..64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit
 * @param memoryMiB   memory in MiB, at least 16
 * @param vcpus       virtual CPUs, at least 1
 * @param disks       disks in boot order
 * @param kernelBoot  direct kernel boot, if used
 * @param interfaces  network interfaces
 * @param hostDevices host PCI functions passed through at definition
 * @param forwards    TCP ports of the host forwarded into a user-mode network of the domain's own (the hypervisor's
 *                    process is the guest's only way out, and it lets through nothing else); empty for none
 * @param emulated    PCI functions the hypervisor emulates, stand-ins for passed-through cards where real passthrough
 *                    cannot run (tests, laptops)
 */
public record DomainSpec(String name, long memoryMiB, int vcpus, List<Disk> disks, Optional<KernelBoot> kernelBoot,
                         List<NetworkInterface> interfaces, List<PcieAddress> hostDevices, List<PortForward> forwards,
                         List<EmulatedDevice> emulated) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Validates and freezes.
     *
     * @param name        1..64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit
     * @param memoryMiB   memory in MiB, at least 16
     * @param vcpus       virtual CPUs, at least 1
     * @param disks       disks in boot order
     * @param kernelBoot  direct kernel boot, if used
     * @param interfaces  network interfaces
     * @param hostDevices host PCI functions passed through at definition
     * @param forwards    TCP ports of the host forwarded into a user-mode network of the domain's own; empty for none
     * @param emulated    PCI functions the hypervisor emulates, stand-ins for passed-through cards
     */
    public DomainSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("domain name \"" + name
                    + "\": use 1..64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (memoryMiB < 16) {
            throw new IllegalArgumentException("domain " + name + ": memory " + memoryMiB + " MiB is below 16 MiB");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("domain " + name + ": vcpus must be at least 1, not " + vcpus);
        }
        disks = List.copyOf(disks);
        Objects.requireNonNull(kernelBoot, "kernelBoot");
        interfaces = List.copyOf(interfaces);
        hostDevices = List.copyOf(hostDevices);
        forwards = List.copyOf(forwards);
        if (forwards.stream().map(PortForward::hostPort).distinct().count() < forwards.size()) {
            throw new IllegalArgumentException("domain " + name + ": a host port is forwarded twice: " + forwards);
        }
        emulated = List.copyOf(emulated);
    }

    /**
     * @param name the domain name
     * @return a builder with 256 MiB, 1 vCPU and nothing attached
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A disk.
     *
     * @param path     the image path on the hypervisor host
     * @param format   {@code qcow2} or {@code raw}
     * @param target   the guest device name, e.g. {@code vda}
     * @param readOnly {@code true} for a read-only disk
     */
    public record Disk(String path, String format, String target, boolean readOnly) {
        /**
         * Checks the fields.
         *
         * @param path     the image path on the hypervisor host
         * @param format   {@code qcow2} or {@code raw}
         * @param target   the guest device name, e.g. {@code vda}
         * @param readOnly {@code true} for a read-only disk
         */
        public Disk {
            Objects.requireNonNull(path, "path");
            if (!format.equals("qcow2") && !format.equals("raw")) {
                throw new IllegalArgumentException("disk format \"" + format + "\": expected qcow2 or raw");
            }
            if (!target.matches("[a-z]{2,3}[a-z]")) {
                throw new IllegalArgumentException("disk target \"" + target + "\": expected a name such as vda or sdb");
            }
        }
    }

    /**
     * Direct kernel boot.
     *
     * @param kernel  the kernel image path on the hypervisor host
     * @param initrd  the initrd path, if any
     * @param cmdline the kernel command line
     */
    public record KernelBoot(String kernel, Optional<String> initrd, String cmdline) {
        /**
         * Checks the fields.
         *
         * @param kernel  the kernel image path on the hypervisor host
         * @param initrd  the initrd path, if any
         * @param cmdline the kernel command line
         */
        public KernelBoot {
            Objects.requireNonNull(kernel, "kernel");
            Objects.requireNonNull(initrd, "initrd");
            Objects.requireNonNull(cmdline, "cmdline");
        }
    }

    /**
     * A network interface.
     *
     * @param network the hypervisor network name, e.g. {@code default}
     * @param mac     a fixed MAC address, if wanted
     * @param model   the NIC model, e.g. {@code virtio}
     */
    public record NetworkInterface(String network, Optional<String> mac, String model) {
        /**
         * Checks the fields.
         *
         * @param network the hypervisor network name, e.g. {@code default}
         * @param mac     a fixed MAC address, if wanted
         * @param model   the NIC model, e.g. {@code virtio}
         */
        public NetworkInterface {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(model, "model");
            mac.ifPresent(m -> {
                if (!m.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
                    throw new IllegalArgumentException("MAC address \"" + m + "\": expected six hex pairs like 52:54:00:12:34:56");
                }
            });
        }
    }

    /**
     * A TCP port of the host forwarded to a port of the guest, through the hypervisor's user-mode network (QEMU's
     * {@code -netdev user}, with {@code restrict=on}): the guest is reached at {@code hostAddress:hostPort}, and reaches
     * nothing itself. How a test or a laptop reaches a guest's SSH server without a bridge or root.
     *
     * @param hostAddress the host's IPv4 address to listen on, {@code 127.0.0.1} for this machine only
     * @param hostPort    1..65535
     * @param guestPort   1..65535, {@code 22} for SSH
     */
    public record PortForward(String hostAddress, int hostPort, int guestPort) {

        private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

        /**
         * Checks the fields.
         *
         * @param hostAddress the host's IPv4 address to listen on, {@code 127.0.0.1} for this machine only
         * @param hostPort    1..65535
         * @param guestPort   1..65535, {@code 22} for SSH
         */
        public PortForward {
            Objects.requireNonNull(hostAddress, "hostAddress");
            if (!IPV4.matcher(hostAddress).matches()) {
                throw new IllegalArgumentException("forward address \"" + hostAddress + "\": expected an IPv4 address such as 127.0.0.1");
            }
            for (int port : new int[] {hostPort, guestPort}) {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("forwarded port " + port + ": expected 1..65535");
                }
            }
        }

        /**
         * @param hostPort a port of 127.0.0.1
         * @return a forward of that port to the guest's SSH server (port 22)
         */
        public static PortForward ssh(int hostPort) {
            return new PortForward("127.0.0.1", hostPort, 22);
        }
    }

    /**
     * A PCI function the hypervisor emulates: a stand-in for a passed-through card, found in the guest by its vendor
     * and device ids as the real card would be.
     */
    public enum EmulatedDevice {
        /** QEMU's virtio random number generator, vendor 1af4 device 1005; the guest's virtio-pci driver binds it. */
        VIRTIO_RNG("1af4", "1005"),
        /** QEMU's Intel 6300ESB watchdog card, vendor 8086 device 25ab (left unbound by guests without its driver). */
        WATCHDOG_I6300ESB("8086", "25ab");

        private final String vendorId;
        private final String deviceId;

        EmulatedDevice(String vendorId, String deviceId) {
            this.vendorId = vendorId;
            this.deviceId = deviceId;
        }

        /** @return the PCI vendor id the guest sees, four lower-case hex digits */
        public String vendorId() {
            return vendorId;
        }

        /** @return the PCI device id the guest sees, four lower-case hex digits */
        public String deviceId() {
            return deviceId;
        }
    }

    /** Builds a {@link DomainSpec}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private long memoryMiB = 256;
        private int vcpus = 1;
        private final List<Disk> disks = new ArrayList<>();
        private @Nullable KernelBoot kernelBoot;
        private final List<NetworkInterface> interfaces = new ArrayList<>();
        private final List<PcieAddress> hostDevices = new ArrayList<>();
        private final List<PortForward> forwards = new ArrayList<>();
        private final List<EmulatedDevice> emulated = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param mib memory in MiB
         * @return this
         */
        public Builder memoryMiB(long mib) {
            this.memoryMiB = mib;
            return this;
        }

        /**
         * @param count virtual CPUs
         * @return this
         */
        public Builder vcpus(int count) {
            this.vcpus = count;
            return this;
        }

        /**
         * @param disk a disk
         * @return this
         */
        public Builder disk(Disk disk) {
            disks.add(disk);
            return this;
        }

        /**
         * @param boot direct kernel boot
         * @return this
         */
        public Builder kernelBoot(KernelBoot boot) {
            this.kernelBoot = boot;
            return this;
        }

        /**
         * @param nic a network interface
         * @return this
         */
        public Builder networkInterface(NetworkInterface nic) {
            interfaces.add(nic);
            return this;
        }

        /**
         * @param address a host PCI function to pass through
         * @return this
         */
        public Builder hostDevice(PcieAddress address) {
            hostDevices.add(address);
            return this;
        }

        /**
         * @param forward a host port forwarded into the domain's user-mode network
         * @return this
         */
        public Builder forward(PortForward forward) {
            forwards.add(forward);
            return this;
        }

        /**
         * @param device a PCI function the hypervisor emulates
         * @return this
         */
        public Builder emulated(EmulatedDevice device) {
            emulated.add(device);
            return this;
        }

        /** @return the validated spec */
        public DomainSpec build() {
            return new DomainSpec(name, memoryMiB, vcpus, disks, Optional.ofNullable(kernelBoot), interfaces, hostDevices,
                    forwards, emulated);
        }
    }
}
