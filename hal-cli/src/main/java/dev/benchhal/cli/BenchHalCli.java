package dev.benchhal.cli;

import dev.benchhal.Device;
import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;
import dev.benchhal.cli.spi.DeviceHandle;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code benchhal}: the Bench HAL command line. Its own subcommands are about the bench as a whole
 * ({@code drivers}, {@code discover}, {@code bench}, {@code shell}, {@code demo}); the modules on the
 * class or module path add theirs ({@code psu}, {@code hub}, {@code lin}, ...) as
 * {@link CommandProvider}s. Exit codes: {@link ExitCode}.
 */
@Command(name = "benchhal", mixinStandardHelpOptions = true, versionProvider = BenchHalCli.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Drive bench hardware (or its simulators) through Bench HAL.")
public final class BenchHalCli implements Runnable, CliContext {

    @Option(names = "--bench", paramLabel = "FILE",
            description = "Bench file (YAML or JSON). Without it: $BENCHHAL_CONFIG, else ./bench.yaml.")
    Path benchFile;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log at INFO (device opened, power switched); -vv logs wire traffic.")
    boolean[] verbose = new boolean[0];

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Installation installation;

    /**
     * A command line with the subcommands of every module on the class or module path.
     *
     * @param registry         the installed drivers
     * @param environment      the environment (BENCHHAL_* variables)
     * @param workingDirectory where ./bench.yaml is looked for
     */
    public BenchHalCli(DriverRegistry registry, Map<String, String> environment, Path workingDirectory) {
        this(() -> registry, environment, workingDirectory);
    }

    /**
     * A command line with the subcommands of every module on the class or module path, whose drivers
     * are loaded when a subcommand first needs them ({@code --version} and {@code --help} never do).
     *
     * @param registry         makes the registry of installed drivers, once, on the first use
     * @param environment      the environment (BENCHHAL_* variables)
     * @param workingDirectory where ./bench.yaml is looked for
     */
    public BenchHalCli(Supplier<DriverRegistry> registry, Map<String, String> environment, Path workingDirectory) {
        this(new Installation(registry, environment, workingDirectory, null));
    }

    /**
     * A command line with the given contributed subcommands only (tests, embedding).
     *
     * @param registry         the installed drivers
     * @param environment      the environment (BENCHHAL_* variables)
     * @param workingDirectory where ./bench.yaml is looked for
     * @param commands         the contributed subcommands
     */
    public BenchHalCli(DriverRegistry registry, Map<String, String> environment, Path workingDirectory,
                       List<CommandProvider> commands) {
        this(new Installation(() -> registry, environment, workingDirectory, commands));
    }

    /** @param installation what the command line runs with (drivers, the modules' subcommands, environment) */
    BenchHalCli(Installation installation) {
        this.installation = installation;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Override
    public DriverRegistry registry() {
        return installation.registry();
    }

    @Override
    public <T extends Device> DeviceHandle<T> open(String target, Class<T> family) {
        return DeviceTarget.open(registry(), this::resolveBench, target, family);
    }

    /** @return the subcommands the modules contribute, as found (on the first call) */
    List<CommandProvider> contributed() {
        return installation.contributed();
    }

    /** @return what went wrong while the subcommands were collected (a name taken twice, a provider that failed) */
    List<String> problems() {
        return installation.problems();
    }

    /** @return the environment the command line was given (BENCHHAL_* variables) */
    Map<String, String> environment() {
        return installation.environment();
    }

    /** @return the working directory the command line was given */
    Path workingDirectory() {
        return installation.workingDirectory();
    }

    /**
     * @param file a path given on the command line
     * @return it, resolved against the working directory when relative
     */
    Path resolve(Path file) {
        return file.isAbsolute() ? file : workingDirectory().resolve(file);
    }

    /**
     * @param key a key of the bench file's {@code topology} that names a file ({@code lab_ini}, {@code fabric})
     * @return that file, relative to the bench file; empty without {@code --bench} or without the key
     */
    java.util.Optional<Path> topologyPath(String key) {
        if (benchFile == null) {
            return java.util.Optional.empty();
        }
        BenchConfig bench = resolveBench();
        return java.util.Optional.ofNullable(bench.topology().get(key)).map(named -> bench.baseDirectory().resolve(named.toString()));
    }

    BenchConfig resolveBench() {
        return installation.resolveBench(benchFile);
    }

    /**
     * Builds the command line with error handling that maps Bench HAL errors to exit codes and
     * prints one clear line instead of a stack trace.
     *
     * @param cli the root command
     * @param out standard output
     * @param err standard error
     * @return the configured command line
     */
    public static CommandLine commandLine(BenchHalCli cli, PrintWriter out, PrintWriter err) {
        return commandLine(cli, out, err, null);
    }

    /**
     * Runs the command line for these arguments, as {@code benchhal} does: only the subcommands the
     * arguments name get their full picocli model (the expensive part of starting up); the others
     * are listed in the help by name and description.
     *
     * @param cli  the root command
     * @param out  standard output
     * @param err  standard error
     * @param args the arguments
     * @return the exit code ({@link ExitCode})
     */
    public static int run(BenchHalCli cli, PrintWriter out, PrintWriter err, String... args) {
        OptionalInt quick = QuickPath.run(cli.installation, out, err, args);
        return quick.isPresent() ? quick.getAsInt() : runFull(cli, out, err, args);
    }

    /** {@link #run}, always through picocli (the commands {@link QuickPath} runs without it too). */
    static int runFull(BenchHalCli cli, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(cli, out, err, new java.util.HashSet<>(List.of(args))).execute(args);
    }

    /** @param named the words of the command line: the subcommands among them are built in full; null for all */
    private static CommandLine commandLine(BenchHalCli cli, PrintWriter out, PrintWriter err, Set<String> named) {
        CommandLine cl = new CommandLine(cli);
        // the command line's own subcommands, the modules' by name, then the demo and help: before the
        // settings below, which picocli applies to the subcommands present when they are made
        Map<String, CommandProvider> commands = new java.util.LinkedHashMap<>();
        builtIn(commands, "drivers", DriversCommand.SUMMARY, DriversCommand::new);
        builtIn(commands, "discover", DiscoverCommand.SUMMARY, DiscoverCommand::new);
        builtIn(commands, "bench", BenchCommand.SUMMARY, BenchCommand::new);
        builtIn(commands, "shell", ShellCommand.SUMMARY, ShellCommand::new);
        builtIn(commands, "campaign", CampaignCommand.SUMMARY, CampaignCommand::new);
        builtIn(commands, "fabric", FabricCommand.SUMMARY, FabricCommand::new);
        List<CommandProvider> contributed = new ArrayList<>(cli.contributed());
        contributed.sort(Comparator.comparing(CommandProvider::name));
        for (CommandProvider provider : contributed) {
            if (commands.containsKey(provider.name()) || provider.name().equals("demo") || provider.name().equals("help")) {
                cli.installation.problem("the subcommand " + provider.name() + " of " + provider.getClass().getName()
                        + " is ignored: another module has one of that name");
                continue;
            }
            commands.put(provider.name(), provider);
        }
        builtIn(commands, "demo", DemoCommand.SUMMARY, DemoCommand::new);
        // only the commands the arguments name get their picocli model, the costly part of starting up
        commands.forEach((name, provider) -> cl.addSubcommand(name,
                named == null || named.contains(name) ? provider.command(cli) : summary(name, provider.summary())));
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        // options of these types are checked while the command line is parsed: a bad one never opens a device
        cl.registerConverter(Duration.class, text -> convert(text, Durations::parse));
        cl.registerConverter(PcieAddress.class, text -> convert(text, PcieAddress::parse));
        cl.setOut(out);
        cl.setErr(err);
        // plain help, also on a terminal: the same text QuickPath prints from what picocli rendered at build time
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        // one exit-code table (ExitCode), in the help of every command and in how picocli ends
        applyExitCodes(cl);
        cli.problems().forEach(problem -> err.println("benchhal: warning: " + problem));
        cl.setExitCodeExceptionMapper(ExitCode::of);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> Failures.report(ex,
                JarMain.verbosity(parseResult.originalArgs().toArray(new String[0])) > 0, commandLine.getErr()));
        // a usage error is one line and a hint, not the whole help
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter e = failed.getErr();
            e.println(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, e)) {
                e.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            e.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    /** A subcommand the arguments do not name: its name and summary for the help, nothing to parse. */
    private static CommandLine summary(String name, String summary) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(name);
        spec.usageMessage().description(summary);
        return new CommandLine(spec);
    }

    private static void builtIn(Map<String, CommandProvider> commands, String name, String summary, Supplier<Object> command) {
        commands.put(name, new CommandProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return summary;
            }

            @Override
            public Object command(CliContext context) {
                return command.get();
            }
        });
    }

    private static void applyExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.table());
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE).exitCodeOnExecutionException(ExitCode.FAILED)
                .exitCodeOnSuccess(ExitCode.OK);
        cl.getSubcommands().values().forEach(BenchHalCli::applyExitCodes);
    }

    /** Our parsers' message, as picocli's usage error (exit 2), instead of picocli's wrapping of an exception. */
    private static <T> T convert(String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /**
     * Runs {@code benchhal} with the given arguments and exits the JVM with its exit code, as the jar's main class
     * does ({@link JarMain#main}).
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        JarMain.main(args);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return JarMain.versionText();
        }
    }
}
