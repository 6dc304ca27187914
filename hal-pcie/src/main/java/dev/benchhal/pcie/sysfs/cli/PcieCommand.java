package dev.benchhal.pcie.sysfs.cli;

import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.DeviceOperation;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.pcie.sysfs.ConcentratorReport;
import dev.benchhal.pcie.sysfs.PciIds;
import dev.benchhal.pcie.sysfs.SysfsPcieHost;
import dev.benchhal.pcie.sysfs.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code benchhal pcie dump|tree|list|remove|rescan [URI|ROLE]}: a host's PCI Express view. The
 * target defaults to {@code pcie:local}; {@code dump} is the seed's concentrator dump with its
 * flags ({@code --pci-sysdir} and {@code --proc-cpuinfo} apply to the local host).
 */
@Command(name = "pcie", description = PcieCommand.SUMMARY,
        subcommands = {PcieCommand.Dump.class, PcieCommand.Tree.class, PcieCommand.ListDevices.class, PcieCommand.Slots.class,
                PcieCommand.SlotPower.class, PcieCommand.Remove.class, PcieCommand.Rescan.class})
final class PcieCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "PCI Express: the concentrator dump, topology, devices, slots, remove, rescan and slot power.";

    abstract static class Operation extends DeviceOperation<PcieHost> {
        @Option(names = "--host", paramLabel = "URI|ROLE", defaultValue = "pcie:local",
                description = "pcie:local (default), pcie:ssh://root@rig, pcie:sysfs:/path, pcie:sim, or a bench role")
        String target;

        Operation() {
            super(PcieHost.class);
        }

        @Override
        protected String target() {
            return target;
        }
    }

    @Command(name = "dump", description = "The concentrator dump: CPU, link count, wireless table, lspci tree, baseboard.")
    static final class Dump extends Operation {
        @Option(names = "--json", description = "one JSON document with the compact link table")
        boolean json;
        @Option(names = "--no-host-probe", description = "CPU only: no lspci, sysfs enumeration or dmidecode")
        boolean noHostProbe;
        @Option(names = "--pci-sysdir", paramLabel = "DIR", description = "override /sys/bus/pci/devices (local host)")
        String pciSysdir;
        @Option(names = "--pci-all", description = "append a table of other interesting links (x8 and wider, degraded)")
        boolean pciAll;
        @Option(names = "--pci-max-rows", defaultValue = "40", paramLabel = "N", description = "cap of that table (default ${DEFAULT-VALUE})")
        int pciMaxRows;
        @Option(names = "--lspci-lines", defaultValue = "18", paramLabel = "N", description = "lines of lspci -tv (0 omits; default ${DEFAULT-VALUE})")
        int lspciLines;
        @Option(names = "--label", paramLabel = "NAME", description = "shown in the header (default: the host name)")
        String label;
        @Option(names = "--proc-cpuinfo", paramLabel = "PATH", description = "override /proc/cpuinfo (local host)")
        String procCpuinfo;
        @Option(names = "--patch-panel-json", paramLabel = "FILE", description = "patch panel labels by PCIe address "
                + "({\"0000:01:00.0\": \"P1-01\"}): a panel column in the Wi-Fi table")
        java.nio.file.Path patchPanel;

        @Override
        protected String target() {
            if (pciSysdir == null && procCpuinfo == null) {
                return target;
            }
            if (!target.equals("pcie:local")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--pci-sysdir and --proc-cpuinfo apply to the local host; "
                        + "give sysdir= and cpuinfo= in the --host URI instead");
            }
            List<String> options = new ArrayList<>();
            if (pciSysdir != null) {
                options.add("sysdir=" + dev.benchhal.DeviceUri.encodeValue(pciSysdir));
            }
            if (procCpuinfo != null) {
                options.add("cpuinfo=" + dev.benchhal.DeviceUri.encodeValue(procCpuinfo));
            }
            return "pcie:local?" + String.join("&", options);
        }

        @Override
        protected int run(PcieHost host, PrintWriter out) {
            if (pciMaxRows < 0 || lspciLines < 0) {
                throw new IllegalArgumentException("--pci-max-rows and --lspci-lines must not be negative");
            }
            String name = label != null ? label : hostName();
            HostSnapshot s = host.snapshot(new SnapshotOptions(name, !noHostProbe, lspciLines, true));
            if (json) {
                out.println(ConcentratorReport.json(s));
            } else {
                out.print(ConcentratorReport.human(s, PciIds.system(), new ConcentratorReport.Options(pciAll, pciMaxRows, lspciLines,
                        patchPanel == null ? java.util.Map.of() : dev.benchhal.core.bench.PatchPanel.load(patchPanel))));
            }
            return ExitCode.OK;
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }

    @Command(name = "tree", description = "The topology as lspci -tv draws it (-t without names with --no-names).")
    static final class Tree extends Operation {
        @Option(names = "--no-names", description = "addresses only, as lspci -t")
        boolean noNames;

        @Override
        protected int run(PcieHost host, PrintWriter out) {
            if (host instanceof SysfsPcieHost sysfs) {
                sysfs.treeText(!noNames).forEach(out::println);
            } else {
                print(Topology.tree(host.devices()).roots(), "", out);
            }
            return ExitCode.OK;
        }

        private static void print(List<dev.benchhal.pcie.PcieTree.Node> nodes, String indent, PrintWriter out) {
            for (var n : nodes) {
                out.println(indent + n.device());
                print(n.children(), indent + "  ", out);
            }
        }
    }

    @Command(name = "list", description = "Every function: ids, class, driver, link, slot, NUMA node, IOMMU group.")
    static final class ListDevices extends Operation {
        @Option(names = "--wireless", description = "only class 0x028x")
        boolean wireless;

        @Override
        protected int run(PcieHost host, PrintWriter out) {
            Table t = new Table("ADDRESS", "IDS", "CLASS", "DRIVER", "LINK", "MAX", "SLOT", "NUMA", "IOMMU", "NAME");
            for (PcieDevice d : host.devices()) {
                if (wireless && !d.isWireless()) {
                    continue;
                }
                String link = d.link().map(l -> String.format(Locale.ROOT, "x%d %s", l.currentWidth(), gts(l.currentGts()))).orElse("");
                String max = d.link().map(l -> String.format(Locale.ROOT, "x%d %s", l.maxWidth(), gts(l.maxGts())) + note(l)).orElse("");
                t.row(d.address(), d.vendorDevice(), String.format("%06x", d.classCode()), d.driver().orElse(""), link, max,
                        d.slot().orElse(""), d.numaNode() < 0 ? "" : d.numaNode(),
                        d.iommuGroup().isPresent() ? d.iommuGroup().getAsInt() : "",
                        d.deviceName().or(d::vendorName).orElse(""));
            }
            t.print(out);
            return ExitCode.OK;
        }

        private static String gts(double v) {
            return v == 0 ? "?" : String.format(Locale.ROOT, "%.1fGT/s", v);
        }

        /** Degraded (below what both ends support) is a fault; below this end's own maximum alone is not. */
        private static String note(dev.benchhal.pcie.PcieLink l) {
            if (l.degraded()) {
                return String.format(Locale.ROOT, " (degraded: both ends x%d %s)", l.commonMaxWidth(), gts(l.commonMaxGts()));
            }
            if (l.belowOwnMaximum()) {
                return l.partnerKnown() ? String.format(Locale.ROOT, " (partner x%d %s)", l.partnerMaxWidth(), gts(l.partnerMaxGts()))
                        : " (below own maximum; other end unknown)";
            }
            return "";
        }
    }

    @Command(name = "slots", description = "Every physical slot, with or without a card: address, power, card, functions.")
    static final class Slots extends Operation {
        @Override
        protected int run(PcieHost host, PrintWriter out) {
            Table t = new Table("SLOT", "ADDRESS", "POWER", "CARD", "FUNCTIONS");
            for (dev.benchhal.pcie.PcieSlot s : host.slots()) {
                t.row(s.name(), s.address(), s.powered().map(p -> p ? "on" : "off").orElse("?"),
                        s.cardPresent().map(c -> c ? "yes" : "no").orElse(s.functions().isEmpty() ? "?" : "yes"),
                        s.functions().isEmpty() ? (s.empty() ? "(empty)" : "(none seen)")
                                : String.join(" ", s.functions().stream().map(PcieAddress::toString).toList()));
            }
            t.print(out);
            return ExitCode.OK;
        }
    }

    @Command(name = "power", description = "Switch a hot-plug slot's power (sysfs slot power; root on real hosts).")
    static final class SlotPower extends Operation {
        @Parameters(index = "0", paramLabel = "SLOT", description = "the slot name, as pcie slots lists it")
        String slot;
        @Parameters(index = "1", paramLabel = "on|off", description = "on or off")
        String state;

        @Override
        protected void validate() {
            if (!state.equals("on") && !state.equals("off")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "expected on or off, not \"" + state + "\"");
            }
        }

        @Override
        protected int run(PcieHost host, PrintWriter out) {
            host.setSlotPower(slot, state.equals("on"));
            out.println("slot " + slot + ": power " + state);
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", description = "Remove functions from the kernel's view (sysfs remove; root on real hosts).")
    static final class Remove extends Operation {
        @Parameters(paramLabel = "DDDD:BB:DD.F", arity = "1..*", description = "the functions")
        List<PcieAddress> addresses;

        @Override
        protected int run(PcieHost host, PrintWriter out) {
            for (PcieAddress a : addresses) {
                host.remove(a);
                out.println(a + ": removed");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "rescan", description = "Rescan every bus, or the bus behind one bridge.")
    static final class Rescan extends Operation {
        @Option(names = "--bridge", paramLabel = "DDDD:BB:DD.F", description = "only below this bridge")
        PcieAddress bridge;

        @Override
        protected int run(PcieHost host, PrintWriter out) {
            int before = host.devices().size();
            if (bridge == null) {
                host.rescan();
            } else {
                host.rescan(bridge);
            }
            int after = host.devices().size();
            out.println("rescanned: " + after + " functions (" + (after >= before ? "+" : "") + (after - before) + ")");
            return ExitCode.OK;
        }
    }
}
