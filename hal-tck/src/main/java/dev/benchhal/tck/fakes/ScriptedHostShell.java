package dev.benchhal.tck.fakes;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostProcess;
import dev.benchhal.shell.HostShell;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link HostShell} double for tests of code that drives a host: it answers commands from a script
 * and records every command it was given, and keeps files in memory. What the code under test ran is
 * then asserted exactly, argument lists included, without a host:
 *
 * <pre>{@code
 * ScriptedHostShell rig = ScriptedHostShell.builder("rig")
 *         .on("uname", "-r").answer(0, "6.1.0-18-amd64\n")
 *         .on(argv -> argv.get(0).equals("lspci")).answer(c -> ScriptedHostShell.result(c, 0, "00:00.0 Host bridge\n", ""))
 *         .build();
 * ... code under test runs commands on rig ...
 * assertThat(rig.commands()).extracting(Command::argv).containsExactly(List.of("uname", "-r"));
 * }</pre>
 *
 * A command no rule answers is a {@link NotFoundException} naming it (as a missing program is on a
 * real host), so a test never passes on an answer it did not script. Rules are tried in the order
 * given; a rule may answer any number of times. Thread-safe.
 */
public final class ScriptedHostShell implements HostShell {

    private static final AtomicLong PIDS = new AtomicLong(1000);

    private final String label;
    private final DeviceUri uri;
    private final List<Rule> rules;
    private final List<Command> commands = new ArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Rule(Predicate<List<String>> matches, Function<Command, CommandResult> answer) {
    }

    private ScriptedHostShell(String label, List<Rule> rules) {
        this.label = label;
        this.uri = DeviceUri.parse("scripted:" + label);
        this.rules = List.copyOf(rules);
    }

    /**
     * @param label the host's name in messages
     * @return a builder of the script
     */
    public static Builder builder(String label) {
        return new Builder(Objects.requireNonNull(label, "label"));
    }

    /**
     * A result as a host would give it, for answers built by code.
     *
     * @param command  the command answered
     * @param exitCode its exit code
     * @param stdout   its standard output (UTF-8)
     * @param stderr   its standard error (UTF-8)
     * @return the result
     */
    public static CommandResult result(Command command, int exitCode, String stdout, String stderr) {
        return new CommandResult(command.argv(), exitCode, stdout.getBytes(StandardCharsets.UTF_8),
                stderr.getBytes(StandardCharsets.UTF_8), false, false, Duration.ZERO);
    }

    @Override
    public CommandResult run(Command command) {
        requireOpen();
        synchronized (commands) {
            commands.add(command);
        }
        for (Rule r : rules) {
            if (r.matches().test(command.argv())) {
                return r.answer().apply(command);
            }
        }
        throw new NotFoundException(label, "cannot run " + command + ": the script has no answer for it");
    }

    /**
     * Starts a command as a process that has already ended: the same rules answer it, its streams
     * hold the scripted output, and what is written to its stdin is discarded. Recorded like a run.
     */
    @Override
    public HostProcess start(Command command) {
        CommandResult r = run(command);
        return new HostProcess() {
            private final long pid = PIDS.incrementAndGet();

            @Override
            public OutputStream stdin() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public InputStream stdout() {
                return new ByteArrayInputStream(r.stdout());
            }

            @Override
            public InputStream stderr() {
                return new ByteArrayInputStream(r.stderr());
            }

            @Override
            public long pid() {
                return pid;
            }

            @Override
            public boolean isAlive() {
                return false;
            }

            @Override
            public Optional<Integer> waitFor(Duration timeout) {
                return Optional.of(r.exitCode());
            }

            @Override
            public int kill() {
                return 0;
            }

            @Override
            public void close() {
                // nothing runs
            }
        };
    }

    /** @return every command run so far, in order */
    public List<Command> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** @return the argument lists of every command run so far, in order */
    public List<List<String>> argvs() {
        return commands().stream().map(Command::argv).toList();
    }

    @Override
    public byte[] readFile(String path) {
        requireOpen();
        byte[] content = files.get(path);
        if (content == null) {
            throw new NotFoundException(label + ":" + path, "no such file");
        }
        return content.clone();
    }

    @Override
    public void writeFile(String path, byte[] content) {
        requireOpen();
        files.put(path, content.clone());
    }

    /** @return the paths of the files written or put so far */
    public List<String> files() {
        return files.keySet().stream().sorted().toList();
    }

    @Override
    public String hostLabel() {
        return label;
    }

    @Override
    public DeviceUri uri() {
        return uri;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new DisconnectedException(uri.toString(), "closed");
        }
    }

    @Override
    public String toString() {
        return "ScriptedHostShell[" + label + ", " + rules.size() + " rules]";
    }

    /** Builds the script: rules in order, files present from the start. */
    public static final class Builder {
        private final String label;
        private final List<Rule> rules = new ArrayList<>();
        private final Map<String, byte[]> files = new ConcurrentHashMap<>();

        private Builder(String label) {
            this.label = label;
        }

        /**
         * @param argv the exact argument list a rule answers
         * @return the step that gives the answer
         */
        public Answer on(String... argv) {
            List<String> exact = List.of(argv);
            return new Answer(this, exact::equals, String.join(" ", argv));
        }

        /**
         * @param matches which argument lists a rule answers
         * @return the step that gives the answer
         */
        public Answer on(Predicate<List<String>> matches) {
            return new Answer(this, Objects.requireNonNull(matches, "matches"), "a predicate");
        }

        /**
         * @param path    a file the host has from the start
         * @param content its content (UTF-8)
         * @return this builder
         */
        public Builder file(String path, String content) {
            files.put(path, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** @return the shell */
        public ScriptedHostShell build() {
            ScriptedHostShell shell = new ScriptedHostShell(label, rules);
            shell.files.putAll(files);
            return shell;
        }
    }

    /** The answer of one rule. */
    public static final class Answer {
        private final Builder builder;
        private final Predicate<List<String>> matches;
        private final String what;

        private Answer(Builder builder, Predicate<List<String>> matches, String what) {
            this.builder = builder;
            this.matches = matches;
            this.what = what;
        }

        /**
         * @param exitCode the exit code
         * @param stdout   the standard output (UTF-8), standard error empty
         * @return the builder, for the next rule
         */
        public Builder answer(int exitCode, String stdout) {
            return answer(c -> result(c, exitCode, stdout, ""));
        }

        /**
         * @param answer builds the result from the command (its environment, stdin, timeout)
         * @return the builder, for the next rule
         */
        public Builder answer(Function<Command, CommandResult> answer) {
            builder.rules.add(new Rule(matches, Objects.requireNonNull(answer, "answer")));
            return builder;
        }

        /**
         * The command does not finish in time, as a wedged host's would.
         *
         * @return the builder, for the next rule
         */
        public Builder timeOut() {
            return answer(c -> {
                throw new HalTimeoutException(builder.label, c + " did not finish within " + c.timeout() + " (scripted: " + what + ")");
            });
        }
    }
}
