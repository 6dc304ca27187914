package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieLink;
import dev.benchhal.pcie.sysfs.ExpressCapability;
import dev.benchhal.pcie.sysfs.Lspci;
import dev.benchhal.pcie.sysfs.BusRange;
import dev.benchhal.pcie.sysfs.DeviceFiles;
import dev.benchhal.pcie.sysfs.HostProbe;
import dev.benchhal.pcie.sysfs.PciIds;
import dev.benchhal.pcie.sysfs.SysfsPcieHost;
import dev.benchhal.DeviceUri;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lspci, reading the configuration spaces the simulator writes ({@code lspci -F}), agrees with the
 * driver: the PCI Express capability decoding link by link, and the drawing of a tree of several
 * hundred functions with bridges, switches and slots.
 */
class SimulatorLspciDifferentialTest {

    private static final Pattern SPEED = Pattern.compile("Speed (unknown|[0-9.]+GT/s)[^,]*, Width x(\\d+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsLspci() {
        Lspci.require();
    }

    @Test
    void expressCapabilityDecodingAgreesWithLspciVv() throws Exception {
        Map<String, byte[]> configs = new LinkedHashMap<>();
        Map<String, int[]> expected = new LinkedHashMap<>();
        int[][] cases = {
                // port type, max speed code, max width, speed code, width
                {0, 1, 1, 1, 1}, {0, 2, 4, 2, 4}, {0, 3, 16, 3, 8}, {0, 4, 8, 2, 8}, {0, 5, 16, 5, 16},
                {0, 6, 4, 4, 1}, {4, 3, 4, 1, 4}, {5, 4, 16, 4, 16}, {6, 3, 2, 3, 1}, {0, 2, 32, 2, 12},
        };
        for (int i = 0; i < cases.length; i++) {
            int[] c = cases[i];
            PcieAddress a = new PcieAddress(0, 0x10 + i, 0, 0);
            boolean bridge = c[0] == 4 || c[0] == 6 || c[0] == 5;
            SimFunction f = new SimFunction(a, Optional.empty(), 0x8086, 0x1521, bridge ? 0x060400 : 0x020000, Optional.empty(),
                    c[0], c[1], c[2], c[3], c[4], Optional.empty(), 0, -1,
                    bridge ? Optional.of(new BusRange(0x40 + i, 0x40 + i)) : Optional.empty());
            byte[] config = ConfigSpace.of(f, a.bus(), f.buses().orElse(new BusRange(0, 0)), true);
            configs.put(a.toString(), config);
            PcieLink link = ExpressCapability.link(config).orElseThrow();
            expected.put(a.toString(), new int[] {tenths(link.currentGts()), link.currentWidth(), tenths(link.maxGts()), link.maxWidth()});
        }
        Path dump = dir.resolve("links.dump");
        Lspci.writeDump(dump, configs);
        Map<String, int[]> seen = new LinkedHashMap<>();
        String slot = null;
        for (String line : Lspci.run("-F", dump.toString(), "-D", "-vv")) {
            if (!line.startsWith("\t") && !line.isBlank()) {
                slot = line.substring(0, line.indexOf(' '));
            }
            String t = line.strip();
            Matcher m = SPEED.matcher(t);
            if ((t.startsWith("LnkCap:") || t.startsWith("LnkSta:")) && m.find()) {
                int[] l = seen.computeIfAbsent(slot, k -> new int[4]);
                int at = t.startsWith("LnkSta:") ? 0 : 2;
                l[at] = m.group(1).equals("unknown") ? 0 : tenths(Double.parseDouble(m.group(1).replace("GT/s", "")));
                l[at + 1] = Integer.parseInt(m.group(2));
            }
        }
        assertThat(seen.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((a, l) -> assertThat(seen.get(a)).as(a).containsExactly(l));
    }

    @Test
    void aTreeOfSeveralHundredFunctionsIsDrawnAsLspciDrawsIt() throws Exception {
        try (SimulatedPciTree tree = new SimulatedPciTree(SimLayout.concentrator(8, 520), BenchClock.system(), Duration.ZERO, null)) {
            SysfsPcieHost host = tree.host(DeviceUri.parse("pcie:sim"), PciIds.system());
            assertThat(host.devices()).hasSizeGreaterThanOrEqualTo(520);
            Map<String, byte[]> configs = new LinkedHashMap<>();
            List<DeviceFiles> files = new ArrayList<>(tree.source().probe(HostProbe.Request.sysfsOnly()).sysfs().devices());
            files.sort((x, y) -> PcieAddress.parse(x.name()).compareTo(PcieAddress.parse(y.name())));
            for (DeviceFiles f : files) {
                configs.put(f.name(), f.config().orElseThrow());
            }
            Path dump = dir.resolve("tree.dump");
            Lspci.writeDump(dump, configs);
            assertThat(host.treeText(true)).containsExactlyElementsOf(Lspci.run("-F", dump.toString(), "-tv"));
            assertThat(host.treeText(false)).containsExactlyElementsOf(Lspci.run("-F", dump.toString(), "-t"));

            // a radio removed and a slot switched off: the drawing still agrees
            host.remove(tree.radios().get(0));
            host.setSlotPower("3", false);
            configs.clear();
            for (DeviceFiles f : tree.source().probe(HostProbe.Request.sysfsOnly()).sysfs().devices()) {
                configs.put(f.name(), f.config().orElseThrow());
            }
            Map<String, byte[]> sorted = new java.util.TreeMap<>((x, y) -> PcieAddress.parse(x).compareTo(PcieAddress.parse(y)));
            sorted.putAll(configs);
            Lspci.writeDump(dump, sorted);
            assertThat(host.treeText(true)).containsExactlyElementsOf(Lspci.run("-F", dump.toString(), "-tv"));
        }
    }

    private static int tenths(double gts) {
        return (int) Math.round(gts * 10);
    }
}
