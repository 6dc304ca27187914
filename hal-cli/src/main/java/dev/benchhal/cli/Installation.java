package dev.benchhal.cli;

import dev.benchhal.cli.spi.CommandProvider;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.BenchResolver;
import dev.benchhal.spi.DriverRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * What a command line runs with: the installed drivers, the subcommands the modules contribute, the environment and
 * the working directory; the drivers and the subcommands are found on their first use ({@code --version} needs
 * neither). Both {@link BenchHalCli} and {@link QuickPath} run on one, and it refers to no picocli type: from the jar
 * alone, {@link JarMain} runs the quick path on one without linking {@link BenchHalCli}, whose picocli types would be
 * loaded with it. Not thread-safe: one command line runs one command.
 */
final class Installation {

    private final Supplier<DriverRegistry> registrySource;
    private DriverRegistry registry;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private List<CommandProvider> commands;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param registry         makes the registry of installed drivers, once, on the first use
     * @param environment      the environment ({@code BENCHHAL_*} variables)
     * @param workingDirectory where {@code ./bench.yaml} is looked for and relative paths resolve
     * @param commands         the contributed subcommands; null for those the service loader finds
     */
    Installation(Supplier<DriverRegistry> registry, Map<String, String> environment, Path workingDirectory,
                 List<CommandProvider> commands) {
        this.registrySource = registry;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.commands = commands == null ? null : List.copyOf(commands);
    }

    /** @return this process's: the installed drivers and commands, its environment and working directory */
    static Installation ofThisProcess() {
        return new Installation(new InstalledDrivers(), System.getenv(), Path.of("").toAbsolutePath(), null);
    }

    /** @return the installed drivers, made on the first call */
    DriverRegistry registry() {
        if (registry == null) {
            registry = registrySource.get();
        }
        return registry;
    }

    /** @return the subcommands the modules contribute, found on the first call */
    List<CommandProvider> contributed() {
        if (commands == null) {
            commands = installedCommands(problems);
        }
        return commands;
    }

    /** @return what went wrong while the subcommands were collected (a name taken twice, a provider that failed) */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * The bench the command line's options and environment choose.
     *
     * @param benchFile the file {@code --bench} names, relative to the working directory or absolute; null when none
     * @return the effective configuration ({@link BenchResolver#resolve()})
     */
    BenchConfig resolveBench(Path benchFile) {
        BenchResolver r = BenchResolver.create().environment(environment).workingDirectory(workingDirectory);
        if (benchFile != null) {
            r.file(benchFile.isAbsolute() ? benchFile : workingDirectory.resolve(benchFile));
        }
        return r.resolve();
    }

    /** @param problem what went wrong with a subcommand, reported as a warning by the full command line */
    void problem(String problem) {
        problems.add(problem);
    }

    /** @return the environment ({@code BENCHHAL_*} variables) */
    Map<String, String> environment() {
        return environment;
    }

    /** @return where {@code ./bench.yaml} is looked for and relative paths resolve */
    Path workingDirectory() {
        return workingDirectory;
    }

    /** The subcommands the modules on the class or module path contribute, as the service loader finds them. */
    private static List<CommandProvider> installedCommands(List<String> problems) {
        List<CommandProvider> found = new ArrayList<>();
        var it = ServiceLoader.load(CommandProvider.class, Installation.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                problems.add("a subcommand could not be loaded: " + e.getMessage());
            }
        }
    }

    /**
     * The installed drivers, loaded when first asked for: from the jar alone the ones stored with it
     * ({@link JarMain#storedDrivers()}), else what the service loader finds. A class, not a lambda, whose first use
     * costs milliseconds.
     */
    static final class InstalledDrivers implements Supplier<DriverRegistry> {
        @Override
        public DriverRegistry get() {
            return JarMain.ownJarOnly() ? JarMain.storedDrivers() : DriverRegistry.load();
        }
    }
}
