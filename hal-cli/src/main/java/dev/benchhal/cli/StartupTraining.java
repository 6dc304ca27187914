package dev.benchhal.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run of the launcher's class-data archive ({@code ./benchhal} runs it once per jar and
 * JDK with {@code -XX:ArchiveClassesAtExit}): the short commands that do no device I/O, one after
 * the other in one process, their output discarded, so that the archive holds the classes each of
 * them loads. Run as {@code java -cp hal-cli.jar}, the jar alone, so they take {@link JarMain}'s way as the launcher's do. Not a command of {@code benchhal}.
 */
final class StartupTraining {

    private StartupTraining() {
    }

    /**
     * @param args an LDF file for {@code ldf info}, then a bench file for {@code bench}; both optional
     */
    public static void main(String[] args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        Path here = Path.of("").toAbsolutePath();
        BenchHalCli.run(new BenchHalCli(new BenchHalCli.InstalledDrivers(), Map.of(), here), sink, sink, "--version");
        BenchHalCli.run(new BenchHalCli(new BenchHalCli.InstalledDrivers(), Map.of(), here), sink, sink, "--help");
        BenchHalCli.run(new BenchHalCli(new BenchHalCli.InstalledDrivers(), Map.of(), here), sink, sink, "drivers");
        BenchHalCli.run(new BenchHalCli(new BenchHalCli.InstalledDrivers(), Map.of(), here), sink, sink, "psu", "--help");
        if (args.length > 0) {
            BenchHalCli.run(new BenchHalCli(new BenchHalCli.InstalledDrivers(), Map.of(), here), sink, sink,
                    "ldf", "info", "--lenient", args[0]);
        }
        if (args.length > 1) {
            BenchHalCli.run(new BenchHalCli(new BenchHalCli.InstalledDrivers(), Map.of(), here), sink, sink,
                    "--bench", args[1], "bench");
        }
    }
}
