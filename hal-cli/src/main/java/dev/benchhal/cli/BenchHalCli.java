package dev.benchhal.cli;

import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchResolver;
import dev.benchhal.error.HalException;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code benchhal}: the Bench HAL command line. Subcommands per task ({@code drivers},
 * {@code bench}, {@code demo}); driver modules add theirs. Exit codes: {@link ExitCode}.
 */
@Command(name = "benchhal", mixinStandardHelpOptions = true, versionProvider = BenchHalCli.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Drive bench hardware (or its simulators) through Bench HAL.",
        subcommands = {DriversCommand.class, DiscoverCommand.class, BenchCommand.class, ShellCommand.class, LinCommand.class, HubCommand.class, PsuCommand.class, PcieCommand.class, VmCommand.class, LdfCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class BenchHalCli implements Runnable {

    @Option(names = "--bench", paramLabel = "FILE",
            description = "Bench file (YAML or JSON). Without it: $BENCHHAL_CONFIG, else ./bench.yaml.")
    Path benchFile;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log at INFO (device opened, power switched); -vv logs wire traffic.")
    boolean[] verbose = new boolean[0];

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final DriverRegistry registry;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    /**
     * @param registry         the installed drivers
     * @param environment      the environment (BENCHHAL_* variables)
     * @param workingDirectory where ./bench.yaml is looked for
     */
    public BenchHalCli(DriverRegistry registry, Map<String, String> environment, Path workingDirectory) {
        this.registry = registry;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    DriverRegistry registry() {
        return registry;
    }

    BenchConfig resolveBench() {
        BenchResolver r = BenchResolver.create().environment(environment).workingDirectory(workingDirectory);
        if (benchFile != null) {
            r.file(benchFile.isAbsolute() ? benchFile : workingDirectory.resolve(benchFile));
        }
        return r.resolve();
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
        CommandLine cl = new CommandLine(cli);
        // options of these types are checked while the command line is parsed: a bad one never opens a device
        cl.registerConverter(Duration.class, text -> convert(text, Durations::parse));
        cl.registerConverter(PcieAddress.class, text -> convert(text, PcieAddress::parse));
        cl.setOut(out);
        cl.setErr(err);
        // one exit-code table (ExitCode), in the help of every command and in how picocli ends
        applyExitCodes(cl);
        cl.setExitCodeExceptionMapper(ExitCode::of);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof HalException) {
                commandLine.getErr().println("benchhal: " + ex.getMessage());
            } else {
                commandLine.getErr().println("benchhal: unexpected error: " + ex);
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ExitCode.of(ex);
        });
        return cl;
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
     * Runs {@code benchhal} with the given arguments.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // slf4j-simple reads its level once, before the first logger exists: set it from -v first.
        String level = verbosity(args) >= 2 ? "debug" : verbosity(args) == 1 ? "info" : null;
        if (level != null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.Charset.defaultCharset()), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset()), true);
        BenchHalCli cli = new BenchHalCli(DriverRegistry.load(), System.getenv(), Path.of("").toAbsolutePath());
        int code = commandLine(cli, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The verbosity the options ask for, before "--": what follows it is a command's own arguments ({@code grep -v x}). */
    static int verbosity(String[] args) {
        int v = 0;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--verbose")) {
                v++;
            } else if (a.matches("-v+")) {
                v += a.length() - 1;
            }
        }
        return v;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BenchHalCli.class.getPackage().getImplementationVersion();
            return new String[]{"benchhal " + (v == null ? "development build" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
