package dev.benchhal.benchmarks;

import dev.benchhal.lab.Board;
import dev.benchhal.lab.LabSimulation;
import dev.benchhal.lab.LabWorkloads;
import dev.benchhal.lab.Policy;
import dev.benchhal.lab.TestRunSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The lab scheduler's decisions: a whole simulated lab of 1,002 runs (1,022 with the soak tests) over fifty boards,
 * every decision made by the same {@code Bartender} the real scheduler uses, for the seed's priority rule and for
 * critical-work-first. The goal: under a second of wall time for the whole lab.
 *
 * <p>{@link #main} prints the makespan of each policy against its lower bound over several seeds, the table of
 * {@code benchmarks/README.md}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LabSchedulerBenchmark {

    @Param({"priority", "critical-work-first"})
    public String policy;

    @Param({"suite", "suite-with-soak"})
    public String workload;

    private List<Board> boards;
    private List<TestRunSpec> specs;
    private Policy chosen;

    @Setup
    public void setUp() {
        boards = LabWorkloads.boards(10);
        specs = workload.equals("suite") ? LabWorkloads.suite(56) : LabWorkloads.suiteWithSoak(56);
        chosen = policy.equals("priority") ? Policy.priority() : Policy.criticalWorkFirst();
    }

    /** @return the simulated lab: about a thousand runs scheduled, start to end */
    @Benchmark
    public LabSimulation.Result scheduleAThousandRunsOverFiftyBoards() {
        return LabWorkloads.simulation(boards, specs, chosen, 1).run();
    }

    /**
     * Prints makespan over lower bound per workload and policy, over seeds 1 to {@code args[0]} (default 10).
     *
     * @param args the number of seeds
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.println("| workload | boards | runs | policy | makespan / lower bound: mean | worst | wall time per lab |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int perType : new int[] {2, 10}) {
            for (String workload : List.of("suite", "suite-with-soak")) {
                for (Policy policy : List.of(Policy.priority(), Policy.criticalWorkFirst())) {
                    List<Board> boards = LabWorkloads.boards(perType);
                    List<TestRunSpec> specs = workload.equals("suite") ? LabWorkloads.suite(perType == 10 ? 56 : 9)
                            : LabWorkloads.suiteWithSoak(perType == 10 ? 56 : 9);
                    double sum = 0;
                    double worst = 0;
                    int runs = 0;
                    long nanos = 0;
                    for (int seed = 1; seed <= seeds; seed++) {
                        long start = System.nanoTime();
                        LabSimulation.Result r = LabWorkloads.simulation(boards, specs, policy, seed).run();
                        nanos += System.nanoTime() - start;
                        sum += r.ratio();
                        worst = Math.max(worst, r.ratio());
                        runs = r.runs().size();
                    }
                    System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %.3f | %.3f | %.0f ms |%n", workload, boards.size(), runs,
                            policy.name(), sum / seeds, worst, nanos / 1e6 / seeds);
                }
            }
        }
    }
}
