package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.CpuSummary;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The CPU block of the concentrator dump, from {@code /proc/cpuinfo}: model, sockets (distinct
 * {@code physical id}), physical cores (distinct {@code physical id}/{@code core id} pairs),
 * logical CPUs ({@code processor} entries) and the architecture as far as the file tells it.
 */
public final class CpuInfo {

    private CpuInfo() {
    }

    /**
     * @param text the file's content
     * @return the summary; empty when the text has no {@code processor} entry
     */
    public static Optional<CpuSummary> parse(String text) {
        int logical = 0;
        String model = "";
        String physical = "0";
        Set<String> sockets = new HashSet<>();
        Set<String> cores = new HashSet<>();
        boolean longMode = false;
        String armArchitecture = null;
        for (String line : text.split("\n", -1)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "processor" -> {
                    logical++;
                    physical = "0";
                }
                case "model name", "Processor", "cpu model" -> {
                    if (model.isEmpty()) {
                        model = value;
                    }
                }
                case "physical id" -> {
                    physical = value;
                    sockets.add(value);
                }
                case "core id" -> cores.add(physical + "/" + value);
                case "flags" -> longMode |= (" " + value + " ").contains(" lm ");
                case "CPU architecture" -> armArchitecture = value;
                default -> {
                    // other fields are not part of the summary
                }
            }
        }
        if (logical == 0) {
            return Optional.empty();
        }
        String architecture = longMode ? "x86_64" : armArchitecture != null
                ? (armArchitecture.equals("8") ? "aarch64" : "armv" + armArchitecture) : "";
        int socketCount = Math.max(1, sockets.size());
        int coreCount = cores.isEmpty() ? logical : cores.size();
        return Optional.of(new CpuSummary(model, socketCount, coreCount, logical, architecture));
    }
}
