package dev.benchhal.cli;

import dev.benchhal.cli.spi.CommandProvider;
import dev.benchhal.cli.spi.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The commands that do no device I/O, run without picocli: its first use costs about 100 ms, more
 * than {@code --version}, {@code --help}, {@code drivers} or {@code ldf info FILE} need in all
 * (benchmarks/startup). What it prints is what the full command line prints for the same
 * arguments: help texts are picocli's own, stored at build time and held to picocli's rendering by
 * a test ({@code HelpTextTest}); commands print through the same code. Any other shape of
 * arguments goes to the full command line.
 */
final class QuickPath {

    /** Where a module keeps the stored help of its commands: {@code psu set} is {@code psu.set.txt}. */
    static final String HELP = "META-INF/benchhal/help/";
    /** The root's stored help, and the contributed commands (name and summary) it was made with. */
    static final String ROOT = "benchhal";
    static final String ROOT_COMMANDS = HELP + ROOT + ".commands";
    /** The command line's own subcommands (their help is stored in this module). */
    static final List<String> BUILT_IN = List.of("drivers", "discover", "bench", "shell", "campaign", "fabric", "demo");

    private QuickPath() {
    }

    /**
     * @return the exit code when these arguments were run here, empty when the full command line must
     */
    static OptionalInt run(BenchHalCli cli, PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            for (String line : BenchHalCli.versionText()) { // the modules are not looked at
                out.println(line);
            }
            out.flush();
            return OptionalInt.of(ExitCode.OK);
        }
        if (isHelp(args) && ownJarOnly()) {
            // run from its own jar alone (java -jar, as the launcher does): the jar's manifest fixes the class path, so
            // the commands are the ones the help was stored with (QuickPathTest holds them equal), and nothing
            // needs to be looked up in the modules (loading every command's provider: about 10 ms)
            Optional<String> stored = args.length == 1 ? resourceText(HELP + ROOT + ".txt")
                    : storedHelpByName(Arrays.asList(args).subList(0, args.length - 1));
            if (stored.isPresent()) {
                return print(stored, out);
            }
        }
        if (nameTakenTwice(cli.contributed()) || !cli.problems().isEmpty()) {
            return OptionalInt.empty(); // the full command line warns about them
        }
        if (args.length == 0 || (args.length == 1 && isHelp(args[0]))) {
            return print(storedRootHelp(cli), out);
        }
        if (isHelp(args[args.length - 1])) {
            return print(storedHelp(cli, Arrays.asList(args).subList(0, args.length - 1)), out);
        }
        if (args.length == 1 && args[0].equals("drivers")) {
            return OptionalInt.of(DriversCommand.print(cli.registry(), false, out, err));
        }
        CommandProvider provider = contributed(cli, args[0]);
        if (provider == null) {
            return OptionalInt.empty();
        }
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            return provider.runDirect(rest, out, err);
        } catch (RuntimeException failure) {
            return OptionalInt.of(BenchHalCli.reportFailure(failure, false, err));
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

    /** @return whether the arguments ask for help: none, {@code --help}, or a command path and {@code --help} */
    private static boolean isHelp(String[] args) {
        return args.length == 0 || isHelp(args[args.length - 1]);
    }

    /**
     * @return whether this JVM runs the command line's own jar and nothing else on its class path ({@code java -jar
     *         hal-cli.jar}: the manifest's Class-Path is not in {@code java.class.path})
     */
    static boolean ownJarOnly() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty() || classPath.indexOf(java.io.File.pathSeparatorChar) >= 0 || !classPath.endsWith(".jar")) {
            return false;
        }
        java.security.CodeSource code = BenchHalCli.class.getProtectionDomain().getCodeSource();
        if (code == null || code.getLocation() == null) {
            return false;
        }
        try {
            return java.nio.file.Path.of(code.getLocation().toURI()).toAbsolutePath().normalize()
                    .equals(java.nio.file.Path.of(classPath).toAbsolutePath().normalize());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A command path's stored help found by its file name alone, on the class path: for {@link #ownJarOnly()}. */
    private static Optional<String> storedHelpByName(List<String> path) {
        for (String word : path) {
            if (!isCommandName(word)) {
                return Optional.empty();
            }
        }
        return resourceText(HELP + String.join(".", path) + ".txt");
    }

    private static Optional<String> resourceText(String name) {
        return Optional.ofNullable(resource(BenchHalCli.class.getModule(), name));
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
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

    private static CommandProvider contributed(BenchHalCli cli, String name) {
        if (BUILT_IN.contains(name)) {
            return null;
        }
        for (CommandProvider p : cli.contributed()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The root's help when the contributed commands are those it was stored with. */
    private static Optional<String> storedRootHelp(BenchHalCli cli) {
        String made = resource(BenchHalCli.class.getModule(), ROOT_COMMANDS);
        if (made == null || !made.equals(commandList(cli.contributed()))) {
            return Optional.empty();
        }
        return Optional.ofNullable(resource(BenchHalCli.class.getModule(), HELP + ROOT + ".txt"));
    }

    /** The stored help of a command path ({@code psu}, {@code psu set}), from the module that has the command. */
    private static Optional<String> storedHelp(BenchHalCli cli, List<String> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        for (String word : path) {
            if (!isCommandName(word)) {
                return Optional.empty();
            }
        }
        Module owner;
        if (BUILT_IN.contains(path.get(0))) {
            owner = BenchHalCli.class.getModule();
        } else {
            CommandProvider p = contributed(cli, path.get(0));
            if (p == null) {
                return Optional.empty();
            }
            owner = p.getClass().getModule();
        }
        return Optional.ofNullable(resource(owner, HELP + String.join(".", path) + ".txt"));
    }

    /** Lower case letters, digits and '-', starting with a letter, as {@link CommandProvider#name()}. */
    private static boolean isCommandName(String word) {
        if (word.isEmpty() || word.charAt(0) < 'a' || word.charAt(0) > 'z') {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
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

    private static String resource(Module module, String name) {
        try (InputStream in = module.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + module, e);
        }
    }
}
