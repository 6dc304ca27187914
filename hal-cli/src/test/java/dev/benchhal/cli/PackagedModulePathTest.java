package dev.benchhal.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged command line with every Bench HAL module and library on the module path: drivers are
 * found through {@code provides} only, and resources cross module boundaries only where a module
 * opens them. Runs after {@code package} (it needs {@code target/hal-cli.jar} and {@code target/lib}).
 */
class PackagedModulePathTest {

    private static final Path TARGET = Path.of("target");

    /** usb4java's natives come as one jar per platform under one module name: they belong on the classpath. */
    private static String modulePath() throws IOException {
        List<Path> entries = new ArrayList<>();
        entries.add(TARGET.resolve("hal-cli.jar"));
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            jars.filter(j -> !j.getFileName().toString().startsWith("libusb4java-")).sorted().forEach(entries::add);
        }
        return entries.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modulePath(), "--add-modules", "ALL-MODULE-PATH", "-m", "dev.benchhal.cli/dev.benchhal.cli.BenchHalCli"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void everyDriverIsFoundThroughProvides() throws Exception {
        assertThat(run("drivers")).contains("acroname", "libvirt", "lin-mock", "local", "mum", "owon", "pcie", "ssh");
    }

    @Test
    void theDemoRunsOnTheModulePath() throws Exception {
        assertThat(run("demo"))
                .contains("discovered:  NAD 0x10")
                .contains("== Supply OWON SPE6103")
                .contains("rrh2 (hub port 2): 0000:03:00.0 gone and back in")
                .contains("destroyed and undefined, leftovers now []")
                .contains("== Done: no hardware was touched.");
    }
}
