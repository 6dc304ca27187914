package dev.benchhal.lab.cli;

import dev.benchhal.cli.spi.CommandGroup;
import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.cli.spi.Table;
import dev.benchhal.harness.RecordLog;
import dev.benchhal.lab.DurationModel;
import dev.benchhal.lab.LabFile;
import dev.benchhal.lab.LabReport;
import dev.benchhal.lab.LabScheduler;
import dev.benchhal.lab.LabSimulation;
import dev.benchhal.lab.NotRun;
import dev.benchhal.lab.Outcome;
import dev.benchhal.lab.Policy;
import dev.benchhal.lab.RunResult;
import dev.benchhal.lab.lease.LeaseInfo;
import dev.benchhal.lab.lease.LeaseStore;
import dev.benchhal.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code benchhal lab run|simulate|status|report|leases|release LAB_FILE ...}: the lab scheduler over a lab file's boards.
 */
@Command(name = "lab", description = LabCommand.SUMMARY,
        subcommands = {LabCommand.Run.class, LabCommand.Simulate.class, LabCommand.Status.class, LabCommand.Report.class,
                LabCommand.Leases.class, LabCommand.Release.class})
final class LabCommand extends CommandGroup {

    /** One line for the list of commands (read without loading the command). */
    static final String SUMMARY = "Run a lab file's tests over its free boards; show runs and leases, release a board.";

    /** The lab file argument every subcommand takes first. */
    static final class LabFileArgument {
        @Parameters(index = "0", paramLabel = "LAB_FILE", description = "the lab file (YAML or JSON)")
        Path file;

        LabFile load() {
            return LabFile.load(file);
        }
    }

    @Command(name = "run", description = "Run every spec of the lab file on the boards free now, as they come free, until no "
            + "more work can start (--resume: the work its records lack a verdict for). Exit 0 when every run passed and all "
            + "work ran, 1 otherwise.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LabFileArgument labFile;
        @Option(names = "--policy", paramLabel = "POLICY", description = "critical-work-first or priority (the seed's rule); "
                + "default: the lab file's")
        String policy;
        @Option(names = "--resume", description = "go on with the lab in the results directory: work whose run reached a "
                + "verdict (passed, failed, timed out) is not run again; errors, lost leases and runs that never ended run again")
        boolean resume;

        @Override
        public Integer call() {
            LabFile lab = labFile.load();
            PrintWriter out = spec.commandLine().getOut();
            try (LeaseStore leases = lab.leases().open()) {
                LabScheduler.Builder builder = LabScheduler.builder().boards(lab.boards()).specs(lab.specs())
                        .policy(policy == null ? lab.policy() : policy(policy, spec)).leases(leases, lab.leases().time())
                        .results(lab.results()).progress(dev.benchhal.harness.Progress.automatic())
                        .preparation(lab.preparation());
                if (lab.firmware() != null) {
                    builder.firmware(lab.firmware().builder(lab.results().resolve("firmware")), lab.firmware().parallel());
                }
                if (resume) {
                    builder.resume();
                }
                LabScheduler scheduler = builder.build();
                // Ctrl-C: no new run, running tests stopped, every board released, then the summary
                Thread stopper = new Thread(scheduler::stop, "lab-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                out.printf("lab %s: %d boards, %d specs, leases in %s, results in %s%n", lab.source(), lab.boards().size(),
                        lab.specs().size(), lab.leases().describe(), lab.results());
                out.flush();
                LabReport report;
                // boards plugged in while the lab runs get their work (and firmware); unplugged ones get no new run
                Optional<dev.benchhal.lab.UsbBoards.Watch> watch = lab.discovery() == null ? Optional.empty()
                        : lab.discovery().watch(new dev.benchhal.lab.UsbBoards.Listener() {
                            @Override
                            public void appeared(dev.benchhal.lab.Board board) {
                                // a board the file lists is described by the file, also when it is plugged in again
                                scheduler.addBoard(lab.boards().stream().filter(b -> b.id().equals(board.id())).findFirst().orElse(board));
                            }

                            @Override
                            public void gone(dev.benchhal.lab.Board board) {
                                scheduler.removeBoard(board.id());
                            }
                        });
                try {
                    report = scheduler.run();
                } finally {
                    watch.ifPresent(dev.benchhal.lab.UsbBoards.Watch::close);
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is on its way out: the hook has run already
                }
                summary(report, out);
                report(lab.results(), out);
                return report.allPassed() ? ExitCode.OK : ExitCode.FAILED;
            }
        }
    }

    @Command(name = "simulate", description = "Run the lab file in virtual time: each run takes its spec's expected time "
            + "(give --spread for variation); prints the makespan and its lower bound for both policies.")
    static final class Simulate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LabFileArgument labFile;
        @Option(names = "--spread", paramLabel = "SIGMA", description = "log-normal spread of run times (0.5: mostly near "
                + "the expected time, sometimes far longer); default 0")
        double spread;
        @Option(names = "--build-time", paramLabel = "DURATION", description = "how long a firmware build takes; default 2m")
        String buildTime = "2m";
        @Option(names = "--seed", description = "random seed; default 1")
        long seed = 1;

        @Override
        public Integer call() {
            LabFile lab = labFile.load();
            Duration build;
            try {
                build = Durations.parse(buildTime);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--build-time: " + e.getMessage());
            }
            if (!(spread >= 0 && spread <= 3)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--spread: expected 0 to 3, got " + spread);
            }
            DurationModel durations = spread == 0 ? DurationModel.expected() : DurationModel.logNormal(spread);
            int parallel = lab.firmware() == null ? 1 : lab.firmware().parallel();
            Table table = new Table("POLICY", "RUNS", "MAKESPAN", "LOWER BOUND", "RATIO", "NOT RUN");
            for (Policy p : List.of(Policy.priority(), Policy.criticalWorkFirst())) {
                LabSimulation.Result r = LabSimulation.of(lab.boards(), lab.specs(), p, durations, (t, v) -> build, parallel, seed).run();
                table.row(r.policy(), r.runs().size(), Durations.format(r.makespan()), Durations.format(r.lowerBound()),
                        String.format(java.util.Locale.ROOT, "%.3f", r.ratio()), r.notRun().size());
            }
            table.print(spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }

    @Command(name = "status", description = "What ran and what runs now, from the results' records.jsonl: runs started and "
            + "not ended, and how the others ended.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LabFileArgument labFile;

        @Override
        public Integer call() {
            LabFile lab = labFile.load();
            PrintWriter out = spec.commandLine().getOut();
            Path records = lab.results().resolve("records.jsonl");
            if (!Files.exists(records)) {
                out.println("no runs yet (" + records + " does not exist)");
                return ExitCode.OK;
            }
            Map<String, Map<String, Object>> open = new LinkedHashMap<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Map<String, Object> r : RecordLog.read(records).records()) {
                String key = r.get("holder") + "/" + r.get("run");
                if ("start".equals(r.get("event"))) {
                    open.put(key, r);
                } else if ("end".equals(r.get("event"))) {
                    open.remove(key);
                    outcomes.merge(String.valueOf(r.get("outcome")), 1, Integer::sum);
                }
            }
            out.println("ended: " + (outcomes.isEmpty() ? "none" : outcomes.toString().replaceAll("[{}]", "")));
            if (open.isEmpty()) {
                out.println("running: none");
                return ExitCode.OK;
            }
            Table table = new Table("RUN", "BOARDS", "SINCE", "HOLDER");
            open.values().forEach(r -> table.row(r.get("run"), String.join(",", strings(r.get("boards"))), r.get("at"), r.get("holder")));
            out.println("running (or cut off by a crash):");
            table.print(out);
            return ExitCode.OK;
        }
    }

    @Command(name = "report", description = "Write the lab's report.html and summary.md into its results directory from its "
            + "records.jsonl (lab run writes them when it ends; this rebuilds them, also for a lab that was cut off).")
    static final class Report implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LabFileArgument labFile;

        @Override
        public Integer call() {
            LabFile lab = labFile.load();
            return report(lab.results(), spec.commandLine().getOut()) ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    @Command(name = "leases", description = "Who holds which board, with what fencing token, until when.")
    static final class Leases implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LabFileArgument labFile;

        @Override
        public Integer call() {
            LabFile lab = labFile.load();
            try (LeaseStore leases = lab.leases().open()) {
                Map<String, LeaseInfo> byBoard = new TreeMap<>();
                leases.leases().forEach(i -> byBoard.put(i.board(), i));
                Table table = new Table("BOARD", "TYPE", "HOLDER", "TOKEN", "UNTIL");
                Instant now = Instant.now();
                lab.boards().forEach(b -> {
                    LeaseInfo i = byBoard.get(b.id());
                    boolean held = i != null && i.held();
                    table.row(b.id(), b.type(), held ? i.holder() : "free", i == null ? "-" : i.token(),
                            held ? i.expiresAt() + " (in " + Durations.format(Duration.between(now, i.expiresAt())) + ")" : "-");
                });
                table.print(spec.commandLine().getOut());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "release", description = "End the lease on a board (its holder is fenced off: it can no longer act on "
            + "the board). For a board whose holder hangs; a dead holder's boards come back by themselves.")
    static final class Release implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        LabFileArgument labFile;
        @Parameters(index = "1", paramLabel = "BOARD", description = "the board's id")
        String board;

        @Override
        public Integer call() {
            LabFile lab = labFile.load();
            if (lab.boards().stream().noneMatch(b -> b.id().equals(board))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no board \"" + board + "\" in " + lab.source()
                        + "; boards: " + String.join(", ", lab.boards().stream().map(dev.benchhal.lab.Board::id).toList()));
            }
            try (LeaseStore leases = lab.leases().open()) {
                Optional<LeaseInfo> ended = leases.forceRelease(board);
                spec.commandLine().getOut().println(ended.map(i -> board + " released from " + i.holder() + " (token " + i.token() + ")")
                        .orElse(board + " was free"));
            }
            return ExitCode.OK;
        }
    }

    static Policy policy(String name, CommandLine.Model.CommandSpec spec) {
        return switch (name) {
            case "priority" -> Policy.priority();
            case "critical-work-first" -> Policy.criticalWorkFirst();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--policy: expected critical-work-first or priority, got \"" + name + "\"");
        };
    }

    static void summary(LabReport report, PrintWriter out) {
        Table table = new Table("RUN", "OUTCOME", "TIME", "MESSAGE");
        for (RunResult r : report.results()) {
            table.row(r.id(), r.outcome(), Durations.format(r.duration()), r.message() == null ? "" : r.message());
        }
        table.print(out);
        for (NotRun n : report.notRun()) {
            out.println("not run: " + n.item() + ": " + n.reason());
        }
        out.printf("%d runs: %d passed, %d failed, %d errors, %d timed out, %d lost their lease; %d not run; %s%n",
                report.results().size(), report.count(Outcome.PASSED), report.count(Outcome.FAILED), report.count(Outcome.ERROR),
                report.count(Outcome.TIMED_OUT), report.count(Outcome.LEASE_LOST), report.notRun().size(),
                Durations.format(report.elapsed()));
        out.flush();
    }

    /** Writes the report and says where it is; {@code true} when every run in it passed. */
    static boolean report(Path results, PrintWriter out) {
        dev.benchhal.harness.CampaignReport.Written written = LabReport.write(results);
        out.println(written.verdict());
        out.println("report: " + written.html());
        out.flush();
        return written.passed();
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(list));
    }
}
