package dev.benchhal.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scheduler's decisions, in one place for the real lab and its simulation (the seed's {@code TestBartender}):
 * asked with the boards known and free now and the firmware built so far, every spec offers the runs it could
 * start, and the {@link Policy} picks one. It remembers which units of work started, and learns how long each
 * spec's runs take.
 *
 * <p>Thread-safe (every method is synchronized); each call takes time in proportion to the work left.
 */
public final class Bartender {

    private final List<TestRunSpec> specs;
    private final Policy policy;
    private final Set<WorkItem> started = new HashSet<>();
    private final Map<String, double[]> observed = new HashMap<>();
    private Set<Board> knownCache = Set.of();
    private List<List<WorkItem>> workCache = List.of();

    /**
     * @param specs  the specs, in the order that breaks ties; names unique
     * @param policy which candidate starts
     * @throws IllegalArgumentException when two specs share a name
     */
    public Bartender(List<TestRunSpec> specs, Policy policy) {
        Set<String> names = new HashSet<>();
        for (TestRunSpec spec : specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two test run specs are named " + spec.name());
            }
        }
        this.specs = List.copyOf(specs);
        this.policy = policy;
    }

    /** @return the specs */
    public List<TestRunSpec> specs() {
        return specs;
    }

    /** @return the policy */
    public Policy policy() {
        return policy;
    }

    /**
     * The run to start now, if any: does not mark it started (the caller may fail to lease its boards).
     *
     * @param known the boards the lab knows
     * @param free  the boards among them that are free now
     * @param shelf the firmware built so far
     * @return the run the policy picks among those that could start, or empty when none could
     */
    public synchronized Optional<TestRun> next(Collection<Board> known, Collection<Board> free, FirmwareShelf shelf) {
        List<Board> freeSorted = new ArrayList<>(new TreeSet<>(free));
        List<TestRun> candidates = new ArrayList<>();
        List<List<WorkItem>> work = work(known);
        for (int s = 0; s < specs.size(); s++) {
            TestRunSpec spec = specs.get(s);
            List<String> lastKey = null;
            for (WorkItem item : work.get(s)) {
                if (started.contains(item) || item.key().equals(lastKey)) {
                    // repetitions of a key are offered one at a time, the first not started
                    continue;
                }
                lastKey = item.key();
                candidate(spec, item, freeSorted, shelf).ifPresent(candidates::add);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(policy.choose(candidates, workload(known)));
    }

    private Optional<TestRun> candidate(TestRunSpec spec, WorkItem item, List<Board> free, FirmwareShelf shelf) {
        Optional<List<Board>> boards = spec.pick(item, free);
        if (boards.isEmpty()) {
            return Optional.empty();
        }
        List<Firmware> firmware = new ArrayList<>();
        if (spec.firmwareVariant().isPresent()) {
            for (Board board : boards.get()) {
                Optional<Firmware> built = shelf.get(board.type(), spec.firmwareVariant().get());
                if (built.isEmpty()) {
                    return Optional.empty();
                }
                firmware.add(built.get());
            }
        }
        return Optional.of(new TestRun(spec, item, boards.get(), firmware));
    }

    /**
     * Marks a run's unit of work as started: it is not offered again.
     *
     * @param run a run {@link #next} offered
     */
    public synchronized void started(TestRun run) {
        started.add(run.item());
    }

    /**
     * Marks a unit of work as done by a run before (a resumed lab): it is not offered again.
     *
     * @param item the unit of work
     */
    public synchronized void ranBefore(WorkItem item) {
        started.add(item);
    }

    /**
     * Learns from an ended run how long its spec's runs take.
     *
     * @param run  the run
     * @param took how long it ran
     */
    public synchronized void finished(TestRun run, Duration took) {
        double[] stats = observed.computeIfAbsent(run.spec().name(), n -> new double[2]);
        stats[0] += took.toNanos() / 1e9;
        stats[1]++;
    }

    /**
     * @param known the boards the lab knows
     * @return whether any unit of work that these boards could serve has not started
     */
    public synchronized boolean hasWork(Collection<Board> known) {
        return !remaining(known).isEmpty();
    }

    /**
     * @param known the boards the lab knows
     * @return the units of work not started, in the specs' order
     */
    public synchronized List<WorkItem> remaining(Collection<Board> known) {
        List<WorkItem> left = new ArrayList<>();
        for (List<WorkItem> items : work(known)) {
            for (WorkItem item : items) {
                if (!started.contains(item)) {
                    left.add(item);
                }
            }
        }
        return left;
    }

    /**
     * The firmware the specs need on these boards, to hand to the {@link FirmwareBartender} as boards appear.
     *
     * @param known the boards the lab knows
     * @return board type and variant pairs, as {@link Firmware} without an image, sorted by label
     */
    public synchronized List<Firmware> firmwareNeeded(Collection<Board> known) {
        Map<String, Firmware> needed = new java.util.TreeMap<>();
        for (TestRunSpec spec : specs) {
            spec.firmwareVariant().ifPresent(variant -> known.stream()
                    .filter(b -> spec.needs().stream().anyMatch(n -> n.fits(b)))
                    .forEach(b -> needed.putIfAbsent(FirmwareShelf.label(b.type(), variant), new Firmware(b.type(), variant, null))));
        }
        return List.copyOf(needed.values());
    }

    /**
     * @param spec a spec
     * @return the seconds its runs took on average, or its expected duration before any ended
     */
    public synchronized double expectedSeconds(TestRunSpec spec) {
        double[] stats = observed.get(spec.name());
        return stats == null || stats[1] == 0 ? spec.expectedDuration().toNanos() / 1e9 : stats[0] / stats[1];
    }

    private List<List<WorkItem>> work(Collection<Board> known) {
        Set<Board> now = Set.copyOf(known);
        if (!now.equals(knownCache)) {
            List<List<WorkItem>> work = new ArrayList<>();
            for (TestRunSpec spec : specs) {
                work.add(spec.work(now));
            }
            knownCache = now;
            workCache = work;
        }
        return workCache;
    }

    private Policy.Workload workload(Collection<Board> known) {
        Map<String, Integer> boardsOfType = new HashMap<>();
        for (Board board : known) {
            boardsOfType.merge(board.type(), 1, Integer::sum);
        }
        Map<String, Board> byId = new HashMap<>();
        known.forEach(b -> byId.put(b.id(), b));
        Map<String, Double> seconds = new HashMap<>();
        List<List<WorkItem>> work = work(known);
        for (int s = 0; s < specs.size(); s++) {
            TestRunSpec spec = specs.get(s);
            double each = expectedSeconds(spec);
            for (WorkItem item : work.get(s)) {
                if (started.contains(item)) {
                    continue;
                }
                for (String key : item.key()) {
                    String type = spec.coverage() == Coverage.EACH_BOARD ? byId.get(key).type() : key;
                    seconds.merge(type, each, Double::sum);
                }
            }
        }
        return new Policy.Workload() {
            @Override
            public double secondsPerBoard(String type) {
                return seconds.getOrDefault(type, 0.0) / boardsOfType.getOrDefault(type, 1);
            }

            @Override
            public double expectedSeconds(TestRunSpec spec) {
                return Bartender.this.expectedSeconds(spec);
            }
        };
    }
}
