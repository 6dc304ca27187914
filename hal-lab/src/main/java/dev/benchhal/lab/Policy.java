package dev.benchhal.lab;

import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Which of the runs that could start now starts: the scheduler asks each time boards are free and several specs
 * offer runs. Implementations are stateless or thread-safe.
 */
public interface Policy {

    /**
     * @param candidates runs that could start now, at least one, in the specs' order
     * @param workload   what is left to do, to weigh the candidates
     * @return the run to start, one of {@code candidates}
     */
    TestRun choose(List<TestRun> candidates, Workload workload);

    /** @return the policy's name, for logs and reports */
    String name();

    /**
     * The seed's rule: the highest priority starts; among equals, the spec given first, then the lowest board ids.
     *
     * @return the policy
     */
    static Policy priority() {
        return new Named("priority", (candidates, workload) -> candidates.stream()
                .max(Comparator.comparingInt((TestRun r) -> r.spec().priority()).thenComparing(order(candidates).reversed()))
                .orElseThrow());
    }

    /**
     * Keeps the lab's end near its lower bound: the run whose boards' type has the most work left per board starts
     * first (so the scarce boards never idle at the end), and among those the longest run (so no long run is left to
     * start last), where a run of two boards counts four times its length: it needs two boards free at once, which
     * gets harder as the lab drains, and left to the end it keeps one board waiting for the other. Priority only
     * breaks ties. Run times are the specs' expected durations until runs of the spec have been seen, then the mean
     * of those.
     *
     * @return the policy
     */
    static Policy criticalWorkFirst() {
        return new Named("critical-work-first", (candidates, workload) -> candidates.stream()
                .max(Comparator.comparingDouble((TestRun r) -> r.boards().stream()
                                .mapToDouble(b -> workload.secondsPerBoard(b.type())).max().orElse(0))
                        .thenComparingDouble(r -> workload.expectedSeconds(r.spec()) * r.boards().size() * r.boards().size())
                        .thenComparingInt(r -> r.spec().priority())
                        .thenComparing(order(candidates).reversed()))
                .orElseThrow());
    }

    private static Comparator<TestRun> order(List<TestRun> candidates) {
        return Comparator.comparingInt(candidates::indexOf);
    }

    /** What is left to do, as a policy sees it. */
    interface Workload {

        /**
         * @param type a board type
         * @return the expected seconds of work not yet started that needs a board of {@code type}, divided by the
         *         number of such boards the lab knows
         */
        double secondsPerBoard(String type);

        /**
         * @param spec a spec
         * @return the seconds a run of it is expected to take
         */
        double expectedSeconds(TestRunSpec spec);
    }

    /** A policy with a name. */
    record Named(String name, BiFunction<List<TestRun>, Workload, TestRun> rule) implements Policy {
        @Override
        public TestRun choose(List<TestRun> candidates, Workload workload) {
            return rule.apply(candidates, workload);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
