package dev.benchhal.cli.spi;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

/**
 * A subcommand of {@code benchhal} that a module contributes: the command line finds providers
 * with {@link java.util.ServiceLoader}, so a module registers its provider both in
 * {@code module-info.java} ({@code provides dev.benchhal.cli.spi.CommandProvider with ...}) and in
 * {@code META-INF/services/dev.benchhal.cli.spi.CommandProvider}. Only the command line loads
 * providers: a test project that uses the module's driver never loads its command or picocli.
 *
 * <p>Implementations have a public no-argument constructor and are cheap to create: the command
 * object is made only when {@link #command(CliContext)} is called, which the command line does only
 * for a command the user named, so the start-up of {@code benchhal} does not grow with the modules.
 */
public interface CommandProvider {

    /**
     * The subcommand's name, as the user types it ({@code psu}); unique among the installed
     * modules (the command line keeps the first of two and says so).
     *
     * @return the name: lower case letters, digits and '-'
     */
    String name();

    /**
     * What the command does, in one line, for {@code benchhal --help}: asked without making the
     * command, so a constant the command's annotation shares costs no class loading.
     *
     * @return one line
     */
    String summary();

    /**
     * Makes the command; the command line asks only for the commands the arguments name. Called on the command line's thread, at most once per run.
     *
     * @param context the command line: installed drivers, the bench, devices by URI or role
     * @return a new picocli command object (an instance of a class annotated with
     *         {@code @picocli.CommandLine.Command} whose name is {@link #name()}); its package is
     *         opened to {@code info.picocli}
     */
    Object command(CliContext context);

    /**
     * Runs these arguments without the picocli model when they have a shape this provider runs
     * directly: a one-shot command that does no device I/O ({@code benchhal ldf info FILE}), where
     * building the model would cost more than the work (picocli's first use takes about 100 ms).
     * The output, errors and exit code must be those of the full command for the same arguments;
     * for any other shape (an option it does not know, {@code --help}, {@code @argfile}), return
     * empty and the command line parses them in full. Called on the command line's thread.
     *
     * @param args the arguments after the subcommand's name
     * @param out  standard output
     * @param err  standard error (warnings)
     * @return the exit code ({@link ExitCode}), or empty to have the arguments parsed in full
     * @throws RuntimeException what the full command would throw for these arguments; the command
     *                          line reports it as it reports the full command's
     */
    default OptionalInt runDirect(List<String> args, PrintWriter out, PrintWriter err) {
        return OptionalInt.empty();
    }
}
