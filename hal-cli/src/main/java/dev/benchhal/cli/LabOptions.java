package dev.benchhal.cli;

import dev.benchhal.harness.fabric.Fabric;
import dev.benchhal.harness.fabric.LabIni;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a fabric command finds its lab: {@code --lab-ini FILE}, else {@code $BENCHHAL_LAB_INI}, else the seed's
 * {@code $FIWI_LAB_INI}, else {@code topology.lab_ini} of the bench file given with {@code --bench}, else
 * {@code configs/default.ini} when present; without any, a simulated lab of {@code --paths N} radio heads.
 */
final class LabOptions {

    @Option(names = "--lab-ini", paramLabel = "FILE", description = "the lab INI file ([machine.*], [fabric], "
            + "[fabric.rrh.*]); default $BENCHHAL_LAB_INI, $FIWI_LAB_INI, the bench file's topology.lab_ini, "
            + "configs/default.ini; without one, a simulated lab")
    Path labIni;

    @Option(names = "--no-lab-ini", description = "use no lab INI: the simulated lab (or the fabric file alone)")
    boolean noLabIni;

    @Option(names = "--paths", paramLabel = "N", description = "radio heads of the simulated lab, 1 to 64 (8 per "
            + "simulated hub); default 4")
    int paths = 4;

    @Option(names = {"--timeout", "--realize-discovery-timeout"}, paramLabel = "DURATION",
            description = "how long discovery may take on a machine; default 120s")
    Duration timeout = Duration.ofSeconds(120);

    @Option(names = "--patch-panel-json", paramLabel = "FILE", description = "patch panel labels by PCIe address for "
            + "radio heads bound without one; default NAME_panel.json beside the lab INI NAME.ini, when there")
    Path patchPanel;

    /**
     * The lab, whether it is the simulated one, and its patch panel labels.
     *
     * @param ini       the lab INI
     * @param simulated whether it is the simulated lab
     * @param panels    patch panel labels by PCIe address (empty without a panel file)
     */
    record Lab(LabIni ini, boolean simulated, java.util.Map<dev.benchhal.pcie.PcieAddress, String> panels) {
    }

    /**
     * @param root the command line
     * @param spec the command, for usage errors
     * @return the lab INI found, or the simulated lab
     */
    Lab load(BenchHalCli root, CommandLine.Model.CommandSpec spec) {
        if (paths < 1 || paths > Fabric.MAX_SIMULATED_RADIOS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--paths: expected 1 to " + Fabric.MAX_SIMULATED_RADIOS
                    + " (radio heads of the simulated lab), got " + paths);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: expected more than 0s, got " + timeout);
        }
        if (labIni != null && noLabIni) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lab-ini and --no-lab-ini exclude each other");
        }
        Optional<Path> file = noLabIni ? Optional.empty() : find(root);
        Optional<Path> panel = Optional.ofNullable(patchPanel).map(root::resolve).or(() -> file.map(f -> f.resolveSibling(
                f.getFileName().toString().replaceFirst("\\.ini$", "") + "_panel.json")).filter(Files::isRegularFile));
        java.util.Map<dev.benchhal.pcie.PcieAddress, String> panels = panel.map(dev.benchhal.core.bench.PatchPanel::load)
                .orElse(java.util.Map.of());
        if (file.isPresent()) {
            return new Lab(LabIni.load(file.get()), false, panels);
        }
        return new Lab(LabIni.parse(Fabric.simulatedLabIni(paths, root.registry()), "simulated lab (" + paths + " radio heads)",
                root.workingDirectory().resolve("simulated-lab.ini")), true, panels);
    }

    /** @return whether a lab INI file will be used (rather than the simulated lab) */
    boolean hasFile(BenchHalCli root) {
        return !noLabIni && find(root).isPresent();
    }

    private Optional<Path> find(BenchHalCli root) {
        if (labIni != null) {
            return Optional.of(root.resolve(labIni));
        }
        for (String variable : new String[] {"BENCHHAL_LAB_INI", "FIWI_LAB_INI"}) {
            String value = root.environment().get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(root.resolve(Path.of(value)));
            }
        }
        Optional<Path> named = root.topologyPath("lab_ini");
        if (named.isPresent()) {
            return named;
        }
        Path conventional = root.workingDirectory().resolve("configs").resolve("default.ini");
        return Files.isRegularFile(conventional) ? Optional.of(conventional) : Optional.empty();
    }
}
