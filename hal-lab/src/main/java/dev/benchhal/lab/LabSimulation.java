package dev.benchhal.lab;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The lab in virtual time: the same {@link Bartender} decisions as the real scheduler, with runs that take a
 * {@link DurationModel}'s time and firmware builds that take theirs, as a discrete-event simulation. A thousand
 * runs over fifty boards take milliseconds, the same way every time for one seed.
 *
 * <p>Use it to choose a {@link Policy}, to size a lab (how many boards of which type), and to know the makespan
 * before a night's run. Not thread-safe; {@link #run()} may be called once per simulation.
 */
public final class LabSimulation {

    private final List<Board> boards;
    private final Bartender bartender;
    private final DurationModel durations;
    private final BiFunction<String, String, Duration> buildTime;
    private final int parallelBuilds;
    private final long seed;

    private LabSimulation(Collection<Board> boards, Bartender bartender, DurationModel durations,
                          BiFunction<String, String, Duration> buildTime, int parallelBuilds, long seed) {
        this.boards = List.copyOf(new TreeSet<>(boards));
        this.bartender = bartender;
        this.durations = durations;
        this.buildTime = buildTime;
        this.parallelBuilds = parallelBuilds;
        this.seed = seed;
    }

    /**
     * @param boards         the lab's boards
     * @param specs          the specs
     * @param policy         the policy under test
     * @param durations      how long runs take
     * @param buildTime      how long building a board type's variant takes
     * @param parallelBuilds how many firmware builds run at once, at least 1
     * @param seed           the seed of every random draw
     * @return the simulation
     */
    public static LabSimulation of(Collection<Board> boards, List<TestRunSpec> specs, Policy policy, DurationModel durations,
                                   BiFunction<String, String, Duration> buildTime, int parallelBuilds, long seed) {
        if (parallelBuilds < 1) {
            throw new IllegalArgumentException("parallel firmware builds: expected at least 1, got " + parallelBuilds);
        }
        return new LabSimulation(boards, new Bartender(specs, policy), durations, buildTime, parallelBuilds, seed);
    }

    /**
     * Runs the lab until no run can start any more.
     *
     * @return what ran where and when, the makespan and its lower bound
     */
    public Result run() {
        PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparing(Event::at).thenComparingLong(Event::sequence));
        long[] sequence = {0};
        FirmwareShelf shelf = new FirmwareShelf();
        TreeSet<Board> free = new TreeSet<>(boards);
        Map<String, Duration> builtAt = new HashMap<>();
        List<Firmware> toBuild = new ArrayList<>(bartender.firmwareNeeded(boards));
        int building = 0;
        Duration now = Duration.ZERO;
        while (building < parallelBuilds && !toBuild.isEmpty()) {
            Firmware f = toBuild.remove(0);
            events.add(new Event(now.plus(positive(buildTime.apply(f.type(), f.variant()), f.label())), sequence[0]++, null, f));
            building++;
        }
        List<RunRecord> runs = new ArrayList<>();
        while (true) {
            for (var run = bartender.next(boards, free, shelf); run.isPresent(); run = bartender.next(boards, free, shelf)) {
                TestRun r = run.get();
                bartender.started(r);
                free.removeAll(r.boards());
                Duration took = positive(durations.sample(r, new SplittableRandom(seed ^ (31L * r.item().hashCode()))), r.id());
                events.add(new Event(now.plus(took), sequence[0]++, new RunRecord(r, now, now.plus(took)), null));
            }
            Event next = events.poll();
            if (next == null) {
                break;
            }
            now = next.at();
            do {
                if (next.run() != null) {
                    RunRecord done = next.run();
                    free.addAll(done.run().boards());
                    bartender.finished(done.run(), done.end().minus(done.start()));
                    runs.add(done);
                } else {
                    Firmware f = Objects.requireNonNull(next.firmware());
                    shelf.put(f);
                    builtAt.put(f.label(), now);
                    building--;
                    if (!toBuild.isEmpty()) {
                        Firmware b = toBuild.remove(0);
                        events.add(new Event(now.plus(positive(buildTime.apply(b.type(), b.variant()), b.label())), sequence[0]++, null, b));
                        building++;
                    }
                }
                next = events.peek() != null && events.peek().at().equals(now) ? events.poll() : null;
            } while (next != null);
        }
        return new Result(bartender.policy().name(), now, lowerBound(runs, builtAt), List.copyOf(runs), bartender.remaining(boards));
    }

    /**
     * No schedule of these runs on these boards ends earlier: every board type's work needs its boards for its
     * total time divided by their number, and work that flashes firmware cannot start before the first firmware for
     * its type is built; the whole lab's work is spread over all boards at best; no run ends before its firmware was
     * built and it ran its length.
     */
    private Duration lowerBound(List<RunRecord> runs, Map<String, Duration> builtAt) {
        double total = 0;
        double longest = 0;
        Map<String, double[]> byType = new LinkedHashMap<>(); // [all work, work that needs firmware]
        Map<String, Integer> boardsOfType = new HashMap<>();
        boards.forEach(b -> boardsOfType.merge(b.type(), 1, Integer::sum));
        for (RunRecord record : runs) {
            double seconds = record.end().minus(record.start()).toNanos() / 1e9;
            boolean flashes = !record.run().firmware().isEmpty();
            // a run that flashes starts no earlier than its boards' firmware is built
            double ready = 0;
            for (Firmware f : record.run().firmware()) {
                Duration at = builtAt.get(f.label());
                ready = Math.max(ready, at == null ? 0 : at.toNanos() / 1e9);
            }
            longest = Math.max(longest, ready + seconds);
            for (Board board : record.run().boards()) {
                total += seconds;
                double[] work = byType.computeIfAbsent(board.type(), t -> new double[2]);
                work[0] += seconds;
                if (flashes) {
                    work[1] += seconds;
                }
            }
        }
        double bound = Math.max(longest, total / boards.size());
        for (Map.Entry<String, double[]> e : byType.entrySet()) {
            int n = boardsOfType.get(e.getKey());
            double firstFirmware = builtAt.entrySet().stream()
                    .filter(b -> b.getKey().equals(e.getKey()) || b.getKey().startsWith(e.getKey() + "-"))
                    .mapToDouble(b -> b.getValue().toNanos() / 1e9).min().orElse(0);
            bound = Math.max(bound, Math.max(e.getValue()[0] / n, firstFirmware + e.getValue()[1] / n));
        }
        return Duration.ofNanos((long) (bound * 1e9));
    }

    private static Duration positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + ": simulated time must be positive, got " + d);
        }
        return d;
    }

    /** A run's end or a firmware build's end: exactly one of the two is set. */
    private record Event(Duration at, long sequence, @Nullable RunRecord run, @Nullable Firmware firmware) {
    }

    /**
     * One simulated run.
     *
     * @param run   the run
     * @param start when it started, from the simulation's start
     * @param end   when it ended
     */
    public record RunRecord(TestRun run, Duration start, Duration end) {
    }

    /**
     * What a simulation found.
     *
     * @param policy     the policy's name
     * @param makespan   when the last run ended
     * @param lowerBound no schedule of the same runs ends earlier (see {@link LabSimulation})
     * @param runs       every run, in the order they ended
     * @param notRun     work that never started (no board could serve it: its firmware is missing)
     */
    public record Result(String policy, Duration makespan, Duration lowerBound, List<RunRecord> runs, List<WorkItem> notRun) {

        /** @return the makespan over its lower bound: 1.0 is the best any schedule can do */
        public double ratio() {
            return lowerBound.isZero() ? 1.0 : (double) makespan.toNanos() / lowerBound.toNanos();
        }
    }
}
