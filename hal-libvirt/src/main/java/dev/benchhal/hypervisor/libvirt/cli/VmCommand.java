package dev.benchhal.hypervisor.libvirt.cli;

import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.DeviceOperation;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.hypervisor.AddressSource;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.GuestAddress;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code benchhal vm list|define|start|destroy|addr|leftovers URI|ROLE ...}: virtual machines on
 * a hypervisor. {@code define} keeps the domain after the command (a command-line user means it to
 * stay); it still carries the ownership mark, so {@code leftovers} finds it until it is removed.
 * {@code leftovers} exits with 1 when anything is left, for the last step of a CI job.
 */
@Command(name = "vm", description = VmCommand.SUMMARY,
        subcommands = {VmCommand.ListDomains.class, VmCommand.Define.class, VmCommand.Start.class, VmCommand.Destroy.class,
                VmCommand.Addr.class, VmCommand.Leftovers.class})
final class VmCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "Virtual machines: list, define, start, destroy, addresses, leftovers.";

    abstract static class Operation extends DeviceOperation<HypervisorClient> {
        @Parameters(index = "0", paramLabel = "URI|ROLE",
                description = "hypervisor URI (libvirt:qemu:///system, libvirt:test:///default) or bench role")
        String target;

        Operation() {
            super(HypervisorClient.class);
        }

        @Override
        protected String target() {
            return target;
        }
    }

    /** An operation on one named domain. */
    abstract static class OnDomain extends Operation {
        @Parameters(index = "1", paramLabel = "NAME", description = "domain name")
        String name;
    }

    @Command(name = "list", description = "Every domain with state, memory, vCPUs and whether Bench HAL created it.")
    static final class ListDomains extends Operation {
        @Override
        protected int run(HypervisorClient hv, PrintWriter out) {
            List<String> marked = hv.leftovers();
            Table table = new Table("NAME", "STATE", "MEMORY", "VCPUS", "BENCH HAL");
            for (DomainInfo d : hv.domains()) {
                table.row(d.name(), d.state(), d.memoryMiB() + " MiB", d.vcpus(), marked.contains(d.name()) ? "yes" : "");
            }
            table.print(out);
            return ExitCode.OK;
        }
    }

    @Command(name = "define", description = "Define a domain from options; it stays after the command.")
    static final class Define extends OnDomain {
        @Option(names = "--memory", defaultValue = "512", paramLabel = "MIB", description = "memory in MiB (default ${DEFAULT-VALUE})")
        long memoryMiB;
        @Option(names = "--vcpus", defaultValue = "1", description = "virtual CPUs (default ${DEFAULT-VALUE})")
        int vcpus;
        @Option(names = "--disk", paramLabel = "PATH[,FORMAT[,TARGET]]",
                description = "a disk image; format qcow2 and targets vda, vdb, ... unless given; repeatable")
        List<String> disks = new ArrayList<>();
        @Option(names = "--kernel", description = "direct kernel boot: the kernel image")
        String kernel;
        @Option(names = "--initrd", description = "direct kernel boot: the initrd")
        String initrd;
        @Option(names = "--cmdline", defaultValue = "", description = "direct kernel boot: the kernel command line")
        String cmdline;
        @Option(names = "--network", paramLabel = "NETWORK[,MAC]", description = "a virtio NIC on a libvirt network; repeatable")
        List<String> networks = new ArrayList<>();
        @Option(names = "--hostdev", paramLabel = "DDDD:BB:DD.F", description = "a host PCI function to pass through; repeatable")
        List<PcieAddress> hostDevices = new ArrayList<>();

        private DomainSpec domainSpec;

        @Override
        protected void validate() {
            DomainSpec.Builder b = DomainSpec.builder(name).memoryMiB(memoryMiB).vcpus(vcpus);
            for (int i = 0; i < disks.size(); i++) {
                String[] p = disks.get(i).split(",", -1);
                if (p.length > 3) {
                    throw new IllegalArgumentException("--disk " + disks.get(i) + ": expected PATH[,FORMAT[,TARGET]]");
                }
                b.disk(new DomainSpec.Disk(p[0], p.length > 1 ? p[1] : "qcow2", p.length > 2 ? p[2] : "vd" + (char) ('a' + i), false));
            }
            if (kernel != null) {
                b.kernelBoot(new DomainSpec.KernelBoot(kernel, Optional.ofNullable(initrd), cmdline));
            } else if (initrd != null || !cmdline.isEmpty()) {
                throw new IllegalArgumentException("--initrd and --cmdline need --kernel");
            }
            for (String n : networks) {
                String[] p = n.split(",", -1);
                if (p.length > 2) {
                    throw new IllegalArgumentException("--network " + n + ": expected NETWORK[,MAC]");
                }
                b.networkInterface(new DomainSpec.NetworkInterface(p[0], p.length > 1 ? Optional.of(p[1]) : Optional.empty(), "virtio"));
            }
            hostDevices.forEach(b::hostDevice);
            domainSpec = b.build();
        }

        @Override
        protected int run(HypervisorClient hv, PrintWriter out) {
            DomainInfo d = hv.define(domainSpec);
            hv.keepOnClose(name);
            out.printf("defined %s (%d MiB, %d vCPU, uuid %s)%n", d.name(), d.memoryMiB(), d.vcpus(), d.uuid());
            return ExitCode.OK;
        }
    }

    @Command(name = "start", description = "Start a defined domain.")
    static final class Start extends OnDomain {
        @Override
        protected int run(HypervisorClient hv, PrintWriter out) {
            hv.start(name);
            out.println(name + ": " + hv.state(name));
            return ExitCode.OK;
        }
    }

    @Command(name = "destroy", description = "Stop a domain: graceful with --graceful TIMEOUT, then forced; --undefine removes it.")
    static final class Destroy extends OnDomain {
        @Option(names = "--graceful", paramLabel = "TIMEOUT", description = "ask the guest to shut down first and wait this long (30s, 2m)")
        Duration graceful;
        @Option(names = "--undefine", description = "also remove the definition")
        boolean undefine;

        @Override
        protected int run(HypervisorClient hv, PrintWriter out) {
            if (graceful != null) {
                boolean clean = hv.shutdown(name, graceful);
                out.println(name + (clean ? ": shut down by the guest"
                        : ": did not shut down within " + Durations.format(graceful) + "; destroyed"));
            } else {
                hv.destroy(name);
                out.println(name + ": destroyed");
            }
            if (undefine) {
                hv.undefine(name);
                out.println(name + ": undefined");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "addr", description = "The guest's interface addresses; --wait blocks until an IPv4 address appears.")
    static final class Addr extends OnDomain {
        @Option(names = "--source", paramLabel = "lease|agent|arp", description = "ask only this source (default: each in turn)")
        String source;
        @Option(names = "--wait", paramLabel = "TIMEOUT", description = "wait this long for an IPv4 address (60s, 5m)")
        Duration wait;

        private List<AddressSource> sources;

        @Override
        protected void validate() {
            sources = source == null ? List.of(AddressSource.values()) : List.of(parseSource(source));
        }

        @Override
        protected int run(HypervisorClient hv, PrintWriter out) {
            if (wait != null) {
                GuestAddress a = hv.awaitAddress(name, wait);
                out.println(a.address());
                return ExitCode.OK;
            }
            Table table = new Table("INTERFACE", "MAC", "ADDRESS", "SOURCE");
            for (AddressSource s : sources) {
                for (GuestAddress a : hv.addresses(name, s)) {
                    table.row(a.interfaceName(), a.mac(), a.address() + "/" + a.prefix(), s.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            table.print(out);
            return ExitCode.OK;
        }

        private static AddressSource parseSource(String text) {
            try {
                return AddressSource.valueOf(text.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--source " + text + ": expected lease, agent or arp");
            }
        }
    }

    @Command(name = "leftovers", description = "Domains Bench HAL created that are still defined; exit 1 when there are any.")
    static final class Leftovers extends Operation {
        @Override
        protected int run(HypervisorClient hv, PrintWriter out) {
            List<String> left = hv.leftovers();
            if (left.isEmpty()) {
                out.println("no leftovers");
                return ExitCode.OK;
            }
            left.forEach(out::println);
            return ExitCode.FAILED;
        }
    }
}
