package dev.benchhal.pcie.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real {@code lspci} (pciutils) for differential tests; skipped where it is missing, except on CI. */
public final class Lspci {

    private static final Path LSPCI = Path.of("/usr/bin/lspci");

    private Lspci() {
    }

    /** Skips the test (fails it on CI, where .ci/run installs pciutils) when lspci is missing. */
    public static void require() {
        boolean installed = Files.isExecutable(LSPCI);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI must install pciutils (see .ci/run)");
        }
        assumeTrue(installed, "pciutils is not installed");
    }

    /**
     * @param args lspci's arguments
     * @return its standard output as lines
     */
    public static List<String> run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LSPCI.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("lspci " + String.join(" ", args)).isZero();
        return out.lines().toList();
    }

    /**
     * Writes configuration spaces in the dump format {@code lspci -F} reads (that of {@code lspci -xxx -D}).
     *
     * @param file    the dump
     * @param configs address to configuration bytes, in the order to write
     */
    public static void writeDump(Path file, Map<String, byte[]> configs) throws IOException {
        StringBuilder b = new StringBuilder();
        HexFormat hex = HexFormat.of();
        configs.forEach((address, config) -> {
            b.append(address).append(" dumped by the test\n");
            for (int row = 0; row < config.length; row += 16) {
                b.append(String.format("%02x:", row));
                for (int i = row; i < Math.min(row + 16, config.length); i++) {
                    b.append(' ').append(hex.toHexDigits(config[i]));
                }
                b.append('\n');
            }
            b.append('\n');
        });
        Files.writeString(file, b.toString());
    }
}
