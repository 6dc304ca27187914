package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PcieCommandTest {

    private static final String SIM = "pcie:sim?radios=3&functions=80";

    @TempDir
    Path dir;

    private CliRun.Result run(String... args) {
        return CliRun.run(dir, args);
    }

    @Test
    void dumpPrintsTheSeedsBlocksAndHonoursItsFlags() {
        CliRun.Result r = run("pcie", "dump", "--host", SIM, "--label", "rig-7", "--pci-all", "--pci-max-rows", "2", "--lspci-lines", "5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("== concentrator rig-7 (")
                .contains("CPU: Intel(R) Xeon(R) D-2123IT CPU @ 2.20GHz")
                .contains("4 cores, 8 logical CPUs, x86_64")
                .containsPattern("PCI devices with link information: \\d+ of \\d+")
                .contains("Wi-Fi / wireless (class 0x028x): 3 of ")
                .containsPattern("0000:02:00.0\\s+1\\s+1\\s+5.0\\s+5.0\\s+0x0280\\s+Intel Corporation Wi-Fi 6.* \\[8086:[0-9a-f]{4}\\]")
                .containsPattern("Other links \\(x8 and wider, or degraded\\): \\d+ of \\d+, first 2")
                .contains("lspci -tv (5 of ")
                .containsPattern("\\.\\.\\. \\d+ more lines");
        CliRun.Result cpuOnly = run("pcie", "dump", "--host", SIM, "--no-host-probe");
        assertThat(cpuOnly.out()).contains("CPU: Intel").contains("PCI: not probed").doesNotContain("Wi-Fi");
    }

    @Test
    void dumpMergesPatchPanelLabelsIntoTheWirelessTable() throws Exception {
        Files.writeString(dir.resolve("panel.json"), "{\"0000:01:00.0\": \"P1-01\", \"0000:03:00.0\": \"P1-03\"}\n");
        CliRun.Result r = run("pcie", "dump", "--host", SIM, "--patch-panel-json", dir.resolve("panel.json").toString(), "--lspci-lines", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("BDF\\s+panel\\s+w\\s+W")
                .containsPattern("0000:01:00.0\\s+P1-01\\s+1\\s+1\\s+5.0").containsPattern("0000:02:00.0\\s+-\\s+1")
                .containsPattern("0000:03:00.0\\s+P1-03\\s+1");

        Files.writeString(dir.resolve("list.json"), "[{\"bdf\": \"02:00.0\", \"panel\": \"P9-02\"}]\n");
        assertThat(run("pcie", "dump", "--host", SIM, "--patch-panel-json", dir.resolve("list.json").toString()).out())
                .containsPattern("0000:02:00.0\\s+P9-02");
        Files.writeString(dir.resolve("bad.json"), "{\n  \"0000:01:00.0\": \"P1-01\",\n  \"slot 2\": \"P1-02\"\n}\n");
        CliRun.Result bad = run("pcie", "dump", "--host", SIM, "--patch-panel-json", dir.resolve("bad.json").toString());
        assertThat(bad.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(bad.err()).contains("bad.json line 3").contains("\"slot 2\" is not a PCI address");
    }

    @Test
    void dumpJsonHasTheCompactLinkTable() {
        CliRun.Result r = run("pcie", "dump", "--host", SIM, "--json", "--label", "j");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"label\":\"j\",").contains("\"cols\":[\"bdf\",\"w\",\"W\",\"s\",\"S\",\"c\"]")
                .contains("[\"0000:01:00.0\",1,1,\"5.0\",\"5.0\",\"0x028000\"]")
                .contains("\"lspci_tree\":[\"-[0000:00]-+-00.0  Intel Corporation");
    }

    @Test
    void sysdirAndCpuinfoOverridesReadATreeInADirectory() throws Exception {
        Path d = Files.createDirectories(dir.resolve("tree/devices/0000:00:02.0"));
        Files.writeString(d.resolve("vendor"), "0x8086\n");
        Files.writeString(d.resolve("device"), "0x2725\n");
        Files.writeString(d.resolve("class"), "0x028000\n");
        Files.writeString(d.resolve("current_link_speed"), "2.5 GT/s PCIe\n");
        Files.writeString(d.resolve("current_link_width"), "1\n");
        Files.writeString(d.resolve("max_link_speed"), "5.0 GT/s PCIe\n");
        Files.writeString(d.resolve("max_link_width"), "1\n");
        Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu lm\n");
        CliRun.Result r = run("pcie", "dump", "--pci-sysdir", dir.resolve("tree/devices").toString(), "--proc-cpuinfo",
                dir.resolve("cpuinfo").toString(), "--lspci-lines", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("CPU: Test CPU").contains("1 of 1").containsPattern("0000:00:02.0\\s+1\\s+1\\s+2.5\\s+5.0")
                .doesNotContain("lspci -tv");
        CliRun.Result list = run("pcie", "list", "--host", "pcie:sysfs:" + dir.resolve("tree"));
        assertThat(list.out()).contains("x1 2.5GT/s").contains("x1 5.0GT/s (below own maximum; other end unknown)")
                .doesNotContain("degraded");
        assertThat(run("pcie", "dump", "--host", SIM, "--pci-sysdir", "/x").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void slotsListsEveryPhysicalSlotAndPowerSwitchesOne() {
        String sim = "pcie:sim?radios=2&emptySlots=1&training=0ms";
        CliRun.Result slots = run("pcie", "slots", "--host", sim);
        assertThat(slots.code()).as(slots.err()).isZero();
        assertThat(slots.out()).containsPattern("1\\s+0000:01:00\\s+on\\s+yes\\s+0000:01:00.0")
                .containsPattern("3\\s+0000:03:00\\s+off\\s+no\\s+\\(empty\\)");
        CliRun.Result empty = run("pcie", "power", "--host", sim, "3", "on");
        assertThat(empty.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(empty.err()).contains("has no card in it");
        assertThat(run("pcie", "power", "--host", sim, "1", "off").out()).isEqualTo("slot 1: power off\n");
        assertThat(run("pcie", "power", "--host", sim, "1", "sideways").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void treeListRemoveAndRescanOnTheSimulator() {
        CliRun.Result tree = run("pcie", "tree", "--host", SIM);
        assertThat(tree.out()).startsWith("-[0000:00]-+-00.0").contains("+-1c.0-[01]----00.0  Intel Corporation Wi-Fi 6");
        assertThat(run("pcie", "tree", "--host", SIM, "--no-names").out()).contains("+-1c.0-[01]----00.0\n");
        assertThat(run("pcie", "list", "--host", SIM, "--wireless").out().lines()).hasSize(4);
        assertThat(run("pcie", "remove", "--host", SIM, "0000:01:00.0").out()).isEqualTo("0000:01:00.0: removed\n");
        assertThat(run("pcie", "rescan", "--host", SIM).out()).startsWith("rescanned: ");
        CliRun.Result bad = run("pcie", "remove", "--host", SIM, "0000:7e:00.0");
        assertThat(bad.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(bad.err()).contains("0000:7e:00.0");
        assertThat(run("pcie", "rescan", "--host", SIM, "--bridge", "0000:01:00.0").code()).isEqualTo(ExitCode.CONFIG);
    }
}
