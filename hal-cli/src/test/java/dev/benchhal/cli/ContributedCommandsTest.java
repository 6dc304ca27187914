package dev.benchhal.cli;

import dev.benchhal.cli.spi.CliContext;
import dev.benchhal.cli.spi.CommandProvider;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Subcommands come from the modules as {@link CommandProvider}s, not from a list in the command line. */
class ContributedCommandsTest {

    @TempDir
    Path dir;

    /** A contributed command that says which provider made it and reaches the drivers through its context. */
    @CommandLine.Command(name = "hello", description = "Says hello.")
    static final class Hello implements Callable<Integer> {
        private final String who;
        private final CliContext context;

        Hello(String who, CliContext context) {
            this.who = who;
            this.context = context;
        }

        @Override
        public Integer call() {
            return context.registry().installed().isEmpty() ? ExitCode.FAILED : who.length();
        }
    }

    private static CommandProvider provider(String name, String who) {
        return new CommandProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return "Says hello.";
            }

            @Override
            public Object command(CliContext context) {
                return new Hello(who, context);
            }
        };
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(List<CommandProvider> providers, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BenchHalCli cli = new BenchHalCli(DriverRegistry.load(), Map.of(), dir, providers);
        int code = BenchHalCli.run(cli, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aProvidersCommandIsAddedWithTheCommandLinesContextAndExitCodes() {
        Run r = run(List.of(provider("hello", "abc")), "hello");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        Run help = run(List.of(provider("hello", "abc")), "hello", "--help");
        assertThat(help.out()).contains("Usage: benchhal hello").contains("Exit codes:");
        assertThat(run(List.of(), "--help").out()).doesNotContain("hello").doesNotContain("psu");
    }

    @Test
    void aNameTakenTwiceKeepsTheFirstAndSaysWhichWasIgnored() {
        Run r = run(List.of(provider("hello", "first"), provider("hello", "second!")), "hello");
        assertThat(r.code()).isEqualTo("first".length());
        assertThat(r.err()).contains("warning: the subcommand hello of").contains("is ignored: another module has one of that name");
        Run builtIn = run(List.of(provider("shell", "x")), "drivers");
        assertThat(builtIn.code()).isZero();
        assertThat(builtIn.err()).contains("the subcommand shell of");
    }

    @Test
    void theInstalledModulesContributeTheFamilyCommands() {
        BenchHalCli cli = new BenchHalCli(DriverRegistry.load(), Map.of(), dir);
        CommandLine cl = BenchHalCli.commandLine(cli, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(cl.getSubcommands().keySet()).containsExactly("drivers", "discover", "bench", "shell", "campaign", "fabric",
                "hub", "lab", "ldf", "lin", "pcie", "psu", "vm", "demo", "help");
        assertThat(cli.problems()).isEmpty();
        assertThat(cl.getSubcommands().get("psu").getCommand().getClass().getName()).startsWith("dev.benchhal.psu.owon.cli.");
    }

    /** A command that fails in a way nobody planned for. */
    @CommandLine.Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a defect");
        }
    }

    @Test
    void aDefectIsOneLineAndItsStackTraceOnlyWithVerbose() {
        CommandProvider broken = new CommandProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String summary() {
                return "Fails.";
            }

            @Override
            public Object command(CliContext context) {
                return new Broken();
            }
        };
        Run quiet = run(List.of(broken), "broken");
        assertThat(quiet.code()).isEqualTo(ExitCode.FAILED);
        assertThat(quiet.err()).isEqualTo("benchhal: unexpected error: java.lang.IllegalStateException: a defect (-v shows where)\n");
        Run verbose = run(List.of(broken), "broken", "-v");
        assertThat(verbose.code()).isEqualTo(ExitCode.FAILED);
        assertThat(verbose.err()).contains("\tat dev.benchhal.cli.ContributedCommandsTest$Broken.call");
    }

    /** Start-up does not grow with the modules: a command the arguments do not name is never made. */
    @Test
    void onlyTheNamedCommandIsMade() {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        CommandProvider counted = new CommandProvider() {
            @Override
            public String name() {
                return "counted";
            }

            @Override
            public String summary() {
                return "Counts how often it is made.";
            }

            @Override
            public Object command(CliContext context) {
                made.incrementAndGet();
                return new Hello("counted", context);
            }
        };
        assertThat(run(List.of(counted), "drivers").code()).isZero();
        Run help = run(List.of(counted), "--help");
        assertThat(help.out()).containsPattern("(?m)^  counted\\s+Counts how often it is made\\.$");
        assertThat(made).as("made for drivers and --help").hasValue(0);
        assertThat(run(List.of(counted), "counted").code()).isEqualTo("counted".length());
        assertThat(made).hasValue(1);
    }
}
