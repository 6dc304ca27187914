package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** This machine's real /sys/bus/pci read by the driver, compared field by field with lspci's view of it. */
class RealSysfsDifferentialTest {

    private static final Pattern ID = Pattern.compile(".*\\[([0-9a-f]{4})]$");
    private static final Pattern SPEED = Pattern.compile("Speed ([0-9.]+)GT/s.*?Width x(\\d+)");

    @BeforeAll
    static void needsLspci() {
        Lspci.require();
    }

    private static PcieHost local() {
        return new PcieProvider().open(DeviceSpec.of("pcie:local"), DriverContext.standalone());
    }

    @Test
    void identityClassRevisionAndNamesMatchLspci() throws Exception {
        Map<String, Map<String, String>> lspci = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : Lspci.run("-vmm", "-nn", "-D")) {
            if (line.isBlank()) {
                continue;
            }
            String[] kv = line.split(":\t", 2);
            if (kv[0].equals("Slot")) {
                current = new HashMap<>();
                lspci.put(kv[1], current);
            }
            current.put(kv[0], kv[1]);
        }
        try (PcieHost host = local()) {
            List<PcieDevice> devices = host.devices();
            assertThat(devices).isNotEmpty();
            assertThat(devices.stream().map(d -> d.address().toString()).toList()).containsExactlyElementsOf(lspci.keySet());
            for (PcieDevice d : devices) {
                Map<String, String> l = lspci.get(d.address().toString());
                String where = d.address().toString();
                assertThat(id(l.get("Vendor"))).as(where + " vendor").isEqualTo(d.vendorId());
                assertThat(id(l.get("Device"))).as(where + " device").isEqualTo(d.deviceId());
                assertThat(id(l.get("Class"))).as(where + " class").isEqualTo(d.classCode() >> 8);
                assertThat(Integer.parseInt(l.getOrDefault("ProgIf", "00"), 16)).as(where + " prog-if").isEqualTo(d.classCode() & 0xFF);
                assertThat(Integer.parseInt(l.getOrDefault("Rev", "00"), 16)).as(where + " revision").isEqualTo(d.revision());
                if (l.containsKey("SVendor")) {
                    assertThat(id(l.get("SVendor"))).as(where + " subsystem vendor").isEqualTo(d.subsystemVendorId());
                    assertThat(id(l.get("SDevice"))).as(where + " subsystem").isEqualTo(d.subsystemId());
                }
                String vendorName = l.get("Vendor").replaceAll(" \\[[0-9a-f]{4}]$", "");
                assertThat(d.vendorName()).as(where + " vendor name").hasValue(vendorName);
            }
        }
    }

    @Test
    void driversMatchLspciK() throws Exception {
        Map<String, String> drivers = new HashMap<>();
        String slot = null;
        for (String line : Lspci.run("-D", "-k")) {
            if (!line.startsWith("\t") && !line.isBlank()) {
                slot = line.substring(0, line.indexOf(' '));
            } else if (line.strip().startsWith("Kernel driver in use:")) {
                drivers.put(slot, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        try (PcieHost host = local()) {
            for (PcieDevice d : host.devices()) {
                assertThat(d.driver()).as(d.address() + " driver").isEqualTo(java.util.Optional.ofNullable(drivers.get(d.address().toString())));
            }
        }
    }

    @Test
    void linksMatchLnkStaAndLnkCapWhereLspciShowsThem() throws Exception {
        Map<String, int[]> links = new HashMap<>();
        String slot = null;
        for (String line : Lspci.run("-D", "-vv")) {
            if (!line.startsWith("\t") && !line.isBlank()) {
                slot = line.substring(0, line.indexOf(' '));
            }
            String t = line.strip();
            Matcher m = SPEED.matcher(t);
            if ((t.startsWith("LnkCap:") || t.startsWith("LnkSta:")) && m.find()) {
                int[] l = links.computeIfAbsent(slot, k -> new int[4]);
                int at = t.startsWith("LnkSta:") ? 0 : 2;
                l[at] = (int) Math.round(Double.parseDouble(m.group(1)) * 10);
                l[at + 1] = Integer.parseInt(m.group(2));
            }
        }
        try (PcieHost host = local()) {
            for (PcieDevice d : host.devices()) {
                int[] l = links.get(d.address().toString());
                if (l == null || d.link().isEmpty()) {
                    continue;      // no capability readable by this user, or a device without a link
                }
                var link = d.link().get();
                assertThat(new int[] {(int) Math.round(link.currentGts() * 10), link.currentWidth(),
                        (int) Math.round(link.maxGts() * 10), link.maxWidth()}).as(d.address() + " link").containsExactly(l);
            }
        }
    }

    @Test
    void theTreeIsDrawnAsLspciDrawsIt() throws Exception {
        try (PcieHost host = local()) {
            SysfsPcieHost h = (SysfsPcieHost) host;
            assertThat(h.treeText(true)).containsExactlyElementsOf(Lspci.run("-tv"));
            assertThat(h.treeText(false)).containsExactlyElementsOf(Lspci.run("-t"));
        }
    }

    private static int id(String text) {
        Matcher m = ID.matcher(text);
        assertThat(m.matches()).as(text).isTrue();
        return Integer.parseInt(m.group(1), 16);
    }
}
