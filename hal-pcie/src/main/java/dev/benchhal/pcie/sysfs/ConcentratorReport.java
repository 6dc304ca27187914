package dev.benchhal.pcie.sysfs;

import dev.benchhal.bridge.JsonLines;
import dev.benchhal.pcie.CpuSummary;
import dev.benchhal.pcie.HostSnapshot;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieLink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The concentrator dump of the seed ({@code dump_concentrator.py}) from a {@link HostSnapshot}:
 * human text by default, or one JSON document with the compact link table
 * {@code {"cols":["bdf","w","W","s","S","c"],"rows":[...]}}.
 */
public final class ConcentratorReport {

    /** Columns of the compact link table: address, lanes now and max, GT/s now and max, class. */
    public static final List<String> LINK_COLUMNS = List.of("bdf", "w", "W", "s", "S", "c");
    /** Chip names longer than this are cut, as the seed does. */
    static final int CHIP_WIDTH = 56;

    private ConcentratorReport() {
    }

    /**
     * Layout options of the human text.
     *
     * @param pciAll     append the table of other interesting links (wide ports, degraded links)
     * @param pciMaxRows cap of that table
     * @param lspciLines lines of the lspci tree to show (0: none)
     * @param panels     patch panel labels by address ({@link dev.benchhal.core.bench.PatchPanel}): a column of the Wi-Fi table when not empty
     */
    public record Options(boolean pciAll, int pciMaxRows, int lspciLines, Map<PcieAddress, String> panels) {

        /**
         * Checks the numbers, freezes the labels.
         *
         * @param pciAll     append the table of other interesting links (wide ports, degraded links)
         * @param pciMaxRows cap of that table
         * @param lspciLines lines of the lspci tree to show (0: none)
         * @param panels     patch panel labels by address ({@link dev.benchhal.core.bench.PatchPanel}): a column of the Wi-Fi table when not empty
         */
        public Options {
            if (pciMaxRows < 0 || lspciLines < 0) {
                throw new IllegalArgumentException("row and line counts must not be negative");
            }
            panels = Map.copyOf(panels);
        }

        /**
         * @param pciAll     append the table of other interesting links
         * @param pciMaxRows cap of that table
         * @param lspciLines lines of the lspci tree to show (0: none)
         */
        public Options(boolean pciAll, int pciMaxRows, int lspciLines) {
            this(pciAll, pciMaxRows, lspciLines, Map.of());
        }

        /** @return the seed's defaults: no second table, 40 rows, 18 lines */
        public static Options defaults() {
            return new Options(false, 40, 18);
        }
    }

    /**
     * @param s    the snapshot
     * @param ids  chip names
     * @param opts layout
     * @return the human text, lines ending in newlines
     */
    public static String human(HostSnapshot s, PciIds ids, Options opts) {
        StringBuilder out = new StringBuilder();
        out.append("== concentrator ").append(s.label()).append(" (").append(s.takenAt()).append(")\n");
        if (s.cpu().isPresent()) {
            CpuSummary c = s.cpu().get();
            out.append(String.format(Locale.ROOT, "CPU: %s%n     %d socket%s, %d cores, %d logical CPUs%s%n", c.model(), c.sockets(),
                    c.sockets() == 1 ? "" : "s", c.cores(), c.logicalCpus(), c.architecture().isEmpty() ? "" : ", " + c.architecture()));
        } else {
            out.append("CPU: /proc/cpuinfo not readable\n");
        }
        List<PcieDevice> linked = s.devicesWithLinks();
        if (s.devices().isEmpty() && s.lspciTree().isEmpty()) {
            out.append("PCI: not probed (--no-host-probe)\n");
            return out.toString();
        }
        out.append("PCI devices with link information: ").append(linked.size()).append(" of ").append(s.devices().size()).append('\n');
        List<PcieDevice> wireless = linked.stream().filter(PcieDevice::isWireless).toList();
        out.append("Wi-Fi / wireless (class 0x028x): ").append(wireless.size()).append(" of ").append(linked.size()).append('\n');
        if (!wireless.isEmpty()) {
            table(out, wireless, ids, opts.panels());
        }
        if (opts.pciAll()) {
            List<PcieDevice> other = linked.stream().filter(d -> !d.isWireless()).filter(ConcentratorReport::interesting).toList();
            out.append("Other links (x8 and wider, or degraded): ").append(other.size()).append(" of ")
                    .append(linked.size() - wireless.size());
            if (other.size() > opts.pciMaxRows()) {
                out.append(", first ").append(opts.pciMaxRows());
            }
            out.append('\n');
            if (!other.isEmpty() && opts.pciMaxRows() > 0) {
                table(out, other.subList(0, Math.min(other.size(), opts.pciMaxRows())), ids, Map.of());
            }
        }
        if (opts.lspciLines() > 0 && !s.lspciTree().isEmpty()) {
            List<String> tree = s.lspciTree();
            int shown = Math.min(opts.lspciLines(), tree.size());
            out.append("lspci -tv (").append(shown).append(" of ").append(tree.size()).append(" lines):\n");
            for (String line : tree.subList(0, shown)) {
                out.append("  ").append(line).append('\n');
            }
            if (tree.size() > shown) {
                out.append("  ... ").append(tree.size() - shown).append(" more lines\n");
            }
        }
        s.baseboard().ifPresent(board -> {
            out.append("dmidecode -t baseboard:\n");
            board.forEach(line -> out.append("  ").append(line).append('\n'));
        });
        return out.toString();
    }

    /**
     * Wide ports and degraded links (trained below what both ends support) are what a bench engineer
     * looks for besides the radios; a port wider than its card is not one of them.
     */
    static boolean interesting(PcieDevice d) {
        PcieLink l = d.link().orElseThrow();
        return l.maxWidth() >= 8 || l.degraded();
    }

    /** @return the note column: why a link is flagged, empty when it is not */
    static String note(PcieLink l) {
        return l.degraded() ? "DEGRADED: both ends support x" + l.commonMaxWidth() + " " + gts(l.commonMaxGts()) + " GT/s" : "";
    }

    private static void table(StringBuilder out, List<PcieDevice> devices, PciIds ids, Map<PcieAddress, String> panels) {
        List<String[]> rows = new ArrayList<>();
        boolean notes = devices.stream().anyMatch(d -> d.link().orElseThrow().degraded());
        boolean panel = !panels.isEmpty();
        List<String> header = new ArrayList<>(List.of("BDF", "w", "W", "GT/s", "max", "class", "chip"));
        if (panel) {
            header.add(1, "panel");
        }
        if (notes) {
            header.add("note");
        }
        rows.add(header.toArray(String[]::new));
        for (PcieDevice d : devices) {
            PcieLink l = d.link().orElseThrow();
            List<String> cells = new ArrayList<>(List.of(d.address().toString(), Integer.toString(l.currentWidth()),
                    Integer.toString(l.maxWidth()), gts(l.currentGts()), gts(l.maxGts()), String.format("0x%04x", d.classCode() >> 8),
                    chip(d, ids)));
            if (panel) {
                cells.add(1, panels.getOrDefault(d.address(), "-"));
            }
            String[] row = cells.toArray(String[]::new);
            if (notes) {
                row = java.util.Arrays.copyOf(row, row.length + 1);
                row[row.length - 1] = note(l);
            }
            rows.add(row);
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /**
     * @return the chip's name from pci.ids followed by its ids as {@code lspci -nn} writes them
     *         ({@code Intel Corporation Wi-Fi 6 AX200 [8086:2723]}), or the ids alone; a long name is cut
     *         with "...", the ids never are
     */
    static String chip(PcieDevice d, PciIds ids) {
        String idsText = "[" + d.vendorDevice() + "]";
        if (d.vendorName().isEmpty() && d.deviceName().isEmpty()) {
            return idsText;
        }
        String name = ids.describe(d.vendorId(), d.deviceId());
        int room = CHIP_WIDTH - idsText.length() - 1;
        return (name.length() <= room ? name : name.substring(0, room - 3) + "...") + " " + idsText;
    }

    /** @return GT/s as lspci and sysfs write them: {@code 2.5}, {@code 8.0}; {@code ?} for an untrained link */
    static String gts(double v) {
        return v == 0 ? "?" : String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * @param s the snapshot
     * @return the JSON document: label, time, CPU, device count, the compact link table, lspci tree, baseboard
     */
    public static String json(HostSnapshot s) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("label", s.label());
        doc.put("taken_at", s.takenAt().toString());
        s.cpu().ifPresent(c -> {
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("model", c.model());
            cpu.put("sockets", c.sockets());
            cpu.put("cores", c.cores());
            cpu.put("logical_cpus", c.logicalCpus());
            cpu.put("architecture", c.architecture());
            doc.put("cpu", cpu);
        });
        doc.put("pci_device_count", s.devices().size());
        List<Object> rows = new ArrayList<>();
        for (PcieDevice d : s.devicesWithLinks()) {
            PcieLink l = d.link().orElseThrow();
            rows.add(List.of(d.address().toString(), l.currentWidth(), l.maxWidth(), gts(l.currentGts()), gts(l.maxGts()),
                    String.format("0x%06x", d.classCode())));
        }
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("cols", LINK_COLUMNS);
        links.put("rows", rows);
        doc.put("pci_device_links", links);
        // links trained below what both of their ends support, with what both support
        List<Object> degraded = new ArrayList<>();
        for (PcieDevice d : s.devicesWithLinks()) {
            PcieLink l = d.link().orElseThrow();
            if (l.degraded()) {
                degraded.add(List.of(d.address().toString(), l.commonMaxWidth(), gts(l.commonMaxGts())));
            }
        }
        doc.put("pci_degraded_links", degraded);
        if (!s.lspciTree().isEmpty()) {
            doc.put("lspci_tree", s.lspciTree());
        }
        s.baseboard().ifPresent(b -> doc.put("dmidecode_baseboard", String.join("\n", b)));
        return JsonLines.encode(doc);
    }
}
