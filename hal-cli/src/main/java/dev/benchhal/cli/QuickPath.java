package dev.benchhal.cli;

import dev.benchhal.cli.spi.CommandProvider;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.core.bench.BenchConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The commands that do no device I/O, run without picocli: its first use costs about 100 ms, more
 * than {@code --version}, {@code --help}, {@code drivers}, {@code bench} or {@code ldf info FILE} need in
 * all (benchmarks/startup). What it prints is what the full command line prints for the same
 * arguments: help texts are picocli's own, stored at build time and held to picocli's rendering by
 * a test ({@code QuickPathTest}); commands print through the same code. Any other shape of
 * arguments goes to the full command line. {@link JarMain} answers first what the jar alone answers.
 *
 * <p>It runs on the command line's {@link Installation}, not on {@link BenchHalCli}: linking that class loads picocli's
 * (and, from the jar alone, opens the jars of the class path to find them), which is what the quick path is there to
 * avoid.
 */
final class QuickPath {

    /** Where a module keeps the stored help of its commands: {@code psu set} is {@code psu.set.txt}. */
    static final String HELP = JarMain.HELP;
    /** The root's stored help, and the contributed commands (name and summary) it was made with. */
    static final String ROOT = JarMain.ROOT;
    static final String ROOT_COMMANDS = HELP + ROOT + ".commands";
    /** The command line's own subcommands (their help is stored in this module). */
    static final List<String> BUILT_IN = List.of("drivers", "discover", "bench", "shell", "campaign", "fabric", "demo");

    private QuickPath() {
    }

    /**
     * @return the exit code when these arguments were run here, empty when the full command line must
     */
    static OptionalInt run(Installation installation, PrintWriter out, PrintWriter err, String... args) {
        OptionalInt fromJar = JarMain.answer(out, args);
        if (fromJar.isPresent()) {
            return fromJar;
        }
        // from the jar alone the commands are the ones stored with it, none named twice: nothing to warn about, and the
        // modules' command providers need not be loaded to know it
        if (!JarMain.ownJarOnly() && (nameTakenTwice(installation.contributed()) || !installation.problems().isEmpty())) {
            return OptionalInt.empty(); // the full command line warns about them
        }
        if (args.length >= 1 && args[args.length - 1].equals("bench")) {
            return bench(installation, out, err, args);
        }
        if (args.length == 0 || (args.length == 1 && JarMain.isHelp(args[0]))) {
            return print(storedRootHelp(installation), out);
        }
        if (JarMain.isHelp(args[args.length - 1])) {
            return print(storedHelp(installation, Arrays.asList(args).subList(0, args.length - 1)), out);
        }
        if (args.length == 1 && args[0].equals("drivers")) {
            return OptionalInt.of(DriversCommand.print(installation.registry(), false, out, err));
        }
        // from the jar alone only the named command's provider is made, by its stored class
        CommandProvider provider = JarMain.ownJarOnly() ? JarMain.storedCommand(args[0]) : contributed(installation, args[0]);
        if (provider == null) {
            return OptionalInt.empty();
        }
        try {
            return provider.runDirect(Arrays.asList(args).subList(1, args.length), out, err);
        } catch (RuntimeException failure) {
            return OptionalInt.of(Failures.report(failure, false, err));
        }
    }

    /** {@code bench}, {@code --bench FILE bench} or {@code --bench=FILE bench}: the bench checked and shown. */
    private static OptionalInt bench(Installation installation, PrintWriter out, PrintWriter err, String... args) {
        String file;
        if (args.length == 1) {
            file = null;
        } else if (args.length == 2 && args[0].startsWith("--bench=")) {
            file = args[0].substring("--bench=".length());
        } else if (args.length == 3 && args[0].equals("--bench")) {
            file = args[1];
        } else {
            return OptionalInt.empty();
        }
        if (file != null && (file.isEmpty() || file.indexOf('\0') >= 0 || file.startsWith("-") || file.startsWith("@"))) {
            return OptionalInt.empty(); // what picocli says about such a value is its own
        }
        try {
            BenchConfig config = installation.resolveBench(file == null ? null : Path.of(file));
            return OptionalInt.of(BenchCommand.print(config, installation.registry(), out));
        } catch (RuntimeException failure) {
            return OptionalInt.of(Failures.report(failure, false, err));
        }
    }

    private static boolean nameTakenTwice(List<CommandProvider> contributed) {
        Set<String> names = new HashSet<>(BUILT_IN);
        names.add("help");
        for (CommandProvider p : contributed) {
            if (!names.add(p.name())) {
                return true;
            }
        }
        return false;
    }

    /** Prints a stored help text; empty when there is none. (No lambdas here: each costs milliseconds at start-up.) */
    private static OptionalInt print(Optional<String> stored, PrintWriter out) {
        if (stored.isEmpty()) {
            return OptionalInt.empty();
        }
        String text = stored.get();
        out.print(text.replace("\n", System.lineSeparator())); // stored with \n, printed as picocli prints it
        out.flush();
        return OptionalInt.of(ExitCode.OK);
    }

    private static CommandProvider contributed(Installation installation, String name) {
        if (BUILT_IN.contains(name)) {
            return null;
        }
        for (CommandProvider p : installation.contributed()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The root's help when the contributed commands are those it was stored with. */
    private static Optional<String> storedRootHelp(Installation installation) {
        String made = JarMain.resource(QuickPath.class.getModule(), ROOT_COMMANDS);
        if (made == null || !made.equals(commandList(installation.contributed()))) {
            return Optional.empty();
        }
        return Optional.ofNullable(JarMain.resource(QuickPath.class.getModule(), HELP + ROOT + ".txt"));
    }

    /** The stored help of a command path ({@code psu}, {@code psu set}), from the module that has the command. */
    private static Optional<String> storedHelp(Installation installation, List<String> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        for (String word : path) {
            if (!JarMain.isCommandName(word)) {
                return Optional.empty();
            }
        }
        Module owner;
        if (BUILT_IN.contains(path.get(0))) {
            owner = QuickPath.class.getModule();
        } else {
            CommandProvider p = contributed(installation, path.get(0));
            if (p == null) {
                return Optional.empty();
            }
            owner = p.getClass().getModule();
        }
        return Optional.ofNullable(JarMain.resource(owner, HELP + String.join(".", path) + ".txt"));
    }

    /** What {@link #ROOT_COMMANDS} holds for these contributed commands: "name summary" lines, sorted by name. */
    static String commandList(List<CommandProvider> contributed) {
        List<String> lines = new ArrayList<>();
        for (CommandProvider p : contributed) {
            lines.add(p.name() + ' ' + p.summary() + '\n');
        }
        Collections.sort(lines); // names are words without spaces: sorted by name
        return String.join("", lines);
    }
}
