package dev.benchhal.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The training run of the launcher's class-data archive ({@code ./benchhal} runs it once per jar and JDK, listing the
 * classes it loads with {@code -XX:DumpLoadedClassList}, then archives them): the short commands that do no device
 * I/O, one after the other in one process, their output discarded, so that the archive holds the classes each of them
 * loads. Run as {@code java -cp hal-cli.jar}, the jar alone, through {@link JarMain#run}, so they take the way the
 * launcher's commands take. Not a command of {@code benchhal}.
 */
final class StartupTraining {

    private StartupTraining() {
    }

    /**
     * @param args an LDF file for {@code ldf info}, then a bench file for {@code bench}; both optional
     */
    public static void main(String[] args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        JarMain.run(sink, sink, "--version");
        JarMain.run(sink, sink, "--help");
        JarMain.run(sink, sink, "drivers");
        JarMain.run(sink, sink, "psu", "--help");
        if (args.length > 0) {
            JarMain.run(sink, sink, "ldf", "info", "--lenient", args[0]);
        }
        if (args.length > 1) {
            JarMain.run(sink, sink, "--bench", args[1], "bench");
        }
    }
}
