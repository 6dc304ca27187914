package dev.benchhal.cli;

import dev.benchhal.cli.spi.CommandProvider;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.spi.DriverProvider;
import dev.benchhal.spi.DriverRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The jar's {@code Main-Class} ({@code java -jar hal-cli.jar}, as {@code ./benchhal} runs it): runs {@link QuickPath}
 * first, and picocli's full command line ({@link BenchHalCli}) only for what the quick path leaves. It answers
 * {@code --version} and, when the jar runs alone, the stored help itself. It refers to no picocli type, so the quick
 * path's commands need neither {@link BenchHalCli} nor picocli's classes. It also keeps what the jar alone knows, for
 * {@link QuickPath}: whether it runs alone ({@link #ownJarOnly()}) and the stored lists of the modules' commands and
 * drivers. {@link QuickPath} asks this class first, so the answers are the same from every entry point. No lambdas
 * here: each first use costs milliseconds at start-up.
 */
public final class JarMain {

    /** Where a module keeps the stored help of its commands: {@code psu set} is {@code psu.set.txt}. */
    static final String HELP = "META-INF/benchhal/help/";
    /** The name of the root's stored help. */
    static final String ROOT = "benchhal";
    /**
     * The driver providers of the jar's class path, one class name a line, sorted, stored at build time
     * and held equal to what {@link java.util.ServiceLoader} finds by {@code QuickPathTest} and
     * {@code PackagedModulePathTest}: {@code drivers} from the jar alone loads them without opening every jar of the
     * class path for its service files (about 15 ms of 40 jars).
     */
    static final String DRIVERS = "META-INF/benchhal/drivers.list";
    /**
     * The modules' commands of the jar's class path, {@code NAME CLASS} a line, sorted, stored and checked as {@link #DRIVERS}
     * is: a one-shot command ({@code ldf info FILE}) from the jar alone makes only its own provider ({@link QuickPath}).
     */
    static final String COMMANDS = "META-INF/benchhal/commands.list";

    /** The system property that names SLF4J's provider (SLF4J 2.0.9 and later). */
    static final String SLF4J_PROVIDER = "slf4j.provider";
    /** The system property that sets what SLF4J itself reports (its own notes, not the application's logging). */
    static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private JarMain() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the command line's arguments
     */
    public static void main(String[] args) {
        // slf4j-simple reads its level once, before the first logger exists: set it from -v first
        int verbosity = verbosity(args);
        if (verbosity > 0) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbosity >= 2 ? "debug" : "info");
        }
        if (System.getProperty(SLF4J_PROVIDER) == null && ownJarOnly()) {
            // the command line's binding, named: SLF4J then skips its search of every jar's services for one (about
            // 18 ms of a command that logs); the manifest's class path has slf4j-simple, and only it
            System.setProperty(SLF4J_PROVIDER, "org.slf4j.simple.SimpleServiceProvider");
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN"); // not its note that it took the named one, on every run
            }
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command line of the installed modules for these arguments, in this process's environment and working
     * directory: {@link QuickPath} when it can ({@code --version}, help, {@code drivers}, {@code bench}, the modules'
     * one-shot commands), else picocli's full command line ({@link BenchHalCli#runFull}), which only then is loaded.
     *
     * @param out  standard output
     * @param err  standard error
     * @param args the arguments
     * @return the exit code ({@link ExitCode})
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        Installation installation = Installation.ofThisProcess();
        OptionalInt quick = QuickPath.run(installation, out, err, args);
        return quick.isPresent() ? quick.getAsInt() : BenchHalCli.runFull(new BenchHalCli(installation), out, err, args);
    }

    /**
     * @return the exit code when these arguments were answered from the jar alone, empty when the command line must
     *         look further
     */
    static OptionalInt answer(PrintWriter out, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            for (String line : versionText()) { // the modules are not looked at
                out.println(line);
            }
            out.flush();
            return OptionalInt.of(ExitCode.OK);
        }
        if (!ownJarOnly()) {
            return OptionalInt.empty();
        }
        // run from its own jar alone (java -jar, as the launcher does): the jar's manifest fixes the class path, so the
        // commands are the ones the help was stored with (QuickPathTest and PackagedModulePathTest hold them equal)
        if (isHelp(args)) {
            String stored = args.length == 1 ? resource(HELP + ROOT + ".txt") : storedHelpByName(args);
            if (stored == null) {
                return OptionalInt.empty();
            }
            out.print(stored.replace("\n", System.lineSeparator())); // stored with \n, printed as picocli prints it
            out.flush();
            return OptionalInt.of(ExitCode.OK);
        }
        return OptionalInt.empty();
    }

    /** @return the provider of a module's command by its stored class ({@link #COMMANDS}), null when none is stored */
    static CommandProvider storedCommand(String name) {
        String list = resource(COMMANDS);
        if (list == null || !isCommandName(name)) {
            return null;
        }
        for (String line : lines(list)) {
            if (line.startsWith(name + " ")) {
                Object provider = make(line.substring(name.length() + 1).strip());
                return provider instanceof CommandProvider ? (CommandProvider) provider : null;
            }
        }
        return null;
    }

    /** @return the text's lines that are not blank, stripped (a loop: neither a regular expression nor a stream) */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            String line = text.substring(start, end).strip();
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** @return a new instance of the named class by its public no-argument constructor, null when it cannot be made */
    private static Object make(String className) {
        try {
            return Class.forName(className, true, JarMain.class.getClassLoader()).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // the full command line loads it again and reports why it cannot
        }
    }

    /**
     * @return the registry of the providers the jar's class path was stored with ({@link #DRIVERS}); the registry
     *         {@link DriverRegistry#load()} finds when the list is missing or names a class that cannot be made, so that
     *         a broken provider is reported as it is everywhere else
     */
    static DriverRegistry storedDrivers() {
        String list = resource(DRIVERS);
        if (list == null) {
            return DriverRegistry.load();
        }
        List<DriverProvider<?>> providers = new ArrayList<>();
        for (String name : lines(list)) {
            Object provider = make(name);
            if (!(provider instanceof DriverProvider<?>)) {
                return DriverRegistry.load(); // reports the provider that cannot be loaded, as every registry does
            }
            providers.add((DriverProvider<?>) provider);
        }
        return DriverRegistry.of(providers.toArray(new DriverProvider<?>[0]));
    }

    /** @return what {@code --version} prints: the version from the jar manifest, and the Java running it */
    static String[] versionText() {
        String v = JarMain.class.getPackage().getImplementationVersion();
        return new String[]{"benchhal " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }

    /**
     * @return the verbosity the options ask for ({@code -v}, {@code -vv}, {@code --verbose}), before "--": what follows
     *         it is a command's own arguments ({@code grep -v x})
     */
    static int verbosity(String[] args) {
        int v = 0;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--verbose")) {
                v++;
            } else if (isVs(a)) {
                v += a.length() - 1;
            }
        }
        return v;
    }

    /** -v, -vv, ...: a loop, not a regular expression, whose first use costs milliseconds at start-up. */
    private static boolean isVs(String a) {
        if (a.length() < 2 || a.charAt(0) != '-') {
            return false;
        }
        for (int i = 1; i < a.length(); i++) {
            if (a.charAt(i) != 'v') {
                return false;
            }
        }
        return true;
    }

    /** @return whether the arguments ask for help: none, {@code --help}, or a command path and {@code --help} */
    static boolean isHelp(String[] args) {
        return args.length == 0 || isHelp(args[args.length - 1]);
    }

    /** @return whether the word asks for help */
    static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /**
     * @return whether this JVM runs the command line's own jar and nothing else on its class path ({@code java -jar
     *         hal-cli.jar}: the manifest's Class-Path is not in {@code java.class.path})
     */
    static boolean ownJarOnly() {
        return OwnJar.ONLY;
    }

    /** Whether the jar runs alone, found once: it cannot change while the JVM runs. */
    private static final class OwnJar {
        static final boolean ONLY = find();

        private static boolean find() {
            String classPath = System.getProperty("java.class.path", "");
            if (classPath.isEmpty() || classPath.indexOf(java.io.File.pathSeparatorChar) >= 0 || !classPath.endsWith(".jar")) {
                return false;
            }
            CodeSource code = JarMain.class.getProtectionDomain().getCodeSource();
            if (code == null || code.getLocation() == null) {
                return false;
            }
            try {
                return Path.of(code.getLocation().toURI()).toAbsolutePath().normalize()
                        .equals(Path.of(classPath).toAbsolutePath().normalize());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** The stored help of the command path before the last argument, found by its file name alone on the class path. */
    private static String storedHelpByName(String[] args) {
        StringBuilder name = new StringBuilder(HELP);
        for (int i = 0; i < args.length - 1; i++) {
            if (!isCommandName(args[i])) {
                return null;
            }
            name.append(i == 0 ? "" : ".").append(args[i]);
        }
        return resource(name.append(".txt").toString());
    }

    /** Lower case letters, digits and '-', starting with a letter, as a command's name is. */
    static boolean isCommandName(String word) {
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

    /** @return a resource of this module (on the class path: of the class path), null when there is none */
    private static String resource(String name) {
        return resource(JarMain.class.getModule(), name);
    }

    /** @return a module's resource as text, null when it has none */
    static String resource(Module module, String name) {
        try (InputStream in = module.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + module, e);
        }
    }
}
