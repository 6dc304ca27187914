package dev.benchhal.cli;

import dev.benchhal.cli.spi.CommandProvider;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands {@link QuickPath} runs without picocli print exactly what the full command line
 * prints, the help texts it stores are picocli's rendering of today's commands, and the stored list of
 * drivers is what the service loader finds. A help text that changed fails here with the command it belongs to; {@code -Dbenchhal.acceptHelp=true}
 * (with {@code -am}, so the modules' sources can be found) writes them anew.
 */
class QuickPathTest {

    private static final boolean ACCEPT = Boolean.getBoolean("benchhal.acceptHelp");

    @TempDir
    Path dir;

    @Test
    void storedHelpIsWhatPicocliRendersForEveryCommand() throws IOException {
        BenchHalCli cli = new BenchHalCli(DriverRegistry.load(), Map.of(), dir);
        CommandLine root = BenchHalCli.commandLine(cli, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> stale = new ArrayList<>();
        Map<Path, Set<String>> expectedFiles = new java.util.HashMap<>();
        check(BenchHalCli.class, QuickPath.HELP + QuickPath.ROOT + ".txt", usage(root), stale, expectedFiles);
        check(BenchHalCli.class, QuickPath.ROOT_COMMANDS, QuickPath.commandList(cli.contributed()), stale, expectedFiles);
        check(BenchHalCli.class, JarMain.COMMANDS, cli.contributed().stream().map(p -> p.name() + " " + p.getClass().getName() + "\n")
                .sorted().collect(java.util.stream.Collectors.joining()), stale, expectedFiles);
        check(BenchHalCli.class, JarMain.DRIVERS, DriverRegistry.load().installed().stream()
                .map(p -> p.providerClass() + "\n").sorted().collect(java.util.stream.Collectors.joining()), stale, expectedFiles);
        root.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            Class<?> owner = QuickPath.BUILT_IN.contains(name) ? BenchHalCli.class
                    : cli.contributed().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().getClass();
            walk(owner, name, sub, stale, expectedFiles);
        });
        // a stored help whose command is gone would be printed for a command that no longer exists
        for (var e : expectedFiles.entrySet()) {
            if (Files.isDirectory(e.getKey())) {
                try (Stream<Path> files = Files.list(e.getKey())) {
                    files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(f -> !e.getValue().contains(f))
                            .forEach(f -> stale.add(e.getKey().resolve(f) + ": no such command any more"));
                }
            }
        }
        assertThat(stale).as("stored help texts that differ from picocli's rendering; rerun with "
                + "-Dbenchhal.acceptHelp=true -am to store them anew (then rebuild)").isEmpty();
    }

    private static void walk(Class<?> owner, String path, CommandLine command, List<String> stale,
                             Map<Path, Set<String>> expectedFiles) {
        check(owner, QuickPath.HELP + path + ".txt", usage(command), stale, expectedFiles);
        command.getSubcommands().forEach((name, sub) -> walk(owner, path + "." + name, sub, stale, expectedFiles));
    }

    private static String usage(CommandLine command) {
        StringWriter text = new StringWriter();
        command.usage(new PrintWriter(text, true));
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    private static void check(Class<?> owner, String resource, String rendered, List<String> stale,
                              Map<Path, Set<String>> expectedFiles) {
        Path sources = resourceSources(owner);
        if (sources != null) {
            Path file = sources.resolve(resource);
            expectedFiles.computeIfAbsent(file.getParent(), k -> new TreeSet<>()).add(file.getFileName().toString());
        }
        String stored = read(owner.getModule(), resource);
        if (rendered.equals(stored)) {
            return;
        }
        if (ACCEPT && sources != null) {
            try {
                Files.createDirectories(sources.resolve(resource).getParent());
                Files.writeString(sources.resolve(resource), rendered);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            stale.add(resource + " of " + owner.getModule() + (stored == null ? ": missing" : ": differs"));
        }
    }

    /** The module's src/main/resources, when the class comes from this build (target/classes or target/*.jar). */
    private static Path resourceSources(Class<?> owner) {
        try {
            Path location = Path.of(owner.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path module = location.getParent().getParent();
            return Files.exists(module.resolve("pom.xml")) ? module.resolve("src/main/resources") : null;
        } catch (URISyntaxException | RuntimeException notLocal) {
            return null;
        }
    }

    private static String read(Module module, String resource) {
        try (InputStream in = module.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V", "", "--help", "-h", "psu --help", "psu -h", "ldf info --help",
            "lin send --help", "drivers --help", "demo --help", "drivers",
            "ldf info LDF", "ldf info --lenient LDF", "ldf info LDF --lenient", "ldf frames LDF", "ldf signals LDF",
            "ldf signals LDF Status", "ldf signals LDF Nope", "ldf info MISSING", "ldf info BAD", "ldf nope LDF",
            "bench", "--bench BENCH bench", "--bench=BENCH bench", "--bench MISSING bench", "--bench BADBENCH bench",
            "--bench UNKNOWNSCHEME bench", "--bench= bench", "--bench BENCH bench extra"})
    void runsWithoutPicocliWhatTheFullCommandLinePrints(String line) throws IOException {
        Path ldf = Files.writeString(dir.resolve("alm.ldf"), String.join("\n",
                "LIN_description_file;", "LIN_protocol_version = \"2.1\";", "LIN_language_version = \"2.1\";",
                "LIN_speed = 19.2 kbps;", "Nodes { Master: BCM, 10 ms, 0.1 ms; Slaves: ALM; }",
                "Signals { Red: 8, 0, BCM, ALM; State: 2, 0, ALM, BCM; }",
                "Frames { Req: 0x0A, BCM, 1 { Red, 0; } Status: 0x11, ALM, 1 { State, 0; } }",
                "Schedule_tables { Normal { Req delay 10 ms; Status delay 10 ms; } }", ""));
        Path bad = Files.writeString(dir.resolve("bad.ldf"), "LIN_description_file;\nLIN_speed = fast;\n");
        Path bench = Files.writeString(dir.resolve("bench.yaml"), String.join("\n", "name: quick",
                "devices:", "  lin: \"lin-mock:?ldf=alm.ldf\"", "  psu: \"owon:sim:SPE6103\"", "  hub: \"acroname:sim?ports=4\"",
                "topology:", "  power: { volts: 13.5, amps: 2.0 }", ""));
        Path badBench = Files.writeString(dir.resolve("bad.yaml"), "name: bad\ndevices:\n  psu: [not, a, uri\n");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "devices:\n  psu: \"owen:sim:SPE6103\"\n");
        String[] args = line.isEmpty() ? new String[0] : line.replace("MISSING", dir.resolve("missing.ldf").toString())
                .replace("LDF", ldf.toString()).replace("BADBENCH", badBench.toString()).replace("UNKNOWNSCHEME", unknown.toString())
                .replace("BENCH", bench.toString()).replace("BAD", bad.toString()).split(" ");

        CliRun.Result quick = run(true, args);
        CliRun.Result full = run(false, args);

        assertThat(quick).isEqualTo(full);
        assertThat(quick.out() + quick.err()).isNotBlank();
    }

    @Test
    void theQuickPathAnswersTheCommandsWithoutDeviceIoAndLeavesTheRestToPicocli() {
        Installation cli = new Installation(DriverRegistry::load, Map.of(), dir, null);
        PrintWriter sink = new PrintWriter(new StringWriter());
        for (String line : List.of("--version", "--help", "psu --help", "lin send --help", "drivers",
                "ldf info " + dir.resolve("missing.ldf"), "bench", "--bench x.yaml bench", "--bench=x.yaml bench")) {
            assertThat(QuickPath.run(cli, sink, sink, line.split(" "))).as(line).isPresent();
        }
        for (String line : List.of("-v --version", "--bench x.yaml drivers", "drivers --json", "psu list", "-v bench",
                "bench -x", "--bench -x bench",
                "ldf info @args", "ldf decode f.ldf Req 00", "help psu", "psu nope --help")) {
            assertThat(QuickPath.run(cli, sink, sink, line.split(" "))).as(line).isEmpty();
        }
        // commands whose names another module also took: the full command line warns about them
        CommandProvider twice = cli.contributed().get(0);
        Installation clash = new Installation(DriverRegistry::load, Map.of(), dir, List.of(twice, twice));
        assertThat(QuickPath.run(clash, sink, sink, "--help")).isEmpty();
        assertThat(QuickPath.run(clash, sink, sink, twice.name(), "--help")).isEmpty();
    }

    private CliRun.Result run(boolean quick, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BenchHalCli cli = new BenchHalCli(DriverRegistry.load(), Map.of(), dir);
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = quick ? BenchHalCli.run(cli, o, e, args) : BenchHalCli.runFull(cli, o, e, args);
        return new CliRun.Result(code, out.toString(), err.toString());
    }
}
