package dev.benchhal.harness;

import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.time.BenchClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The campaign runner every harness shares (the seed's {@code run_campaign} with its {@code TaskGroup}): each
 * iteration runs every path's cycle at once, one thread per path, and waits for all of them; every failure of every
 * path is reported with its path, iteration and phase (the seed's {@code except*}); each phase and each cycle is
 * appended to {@code records.jsonl} as it ends, so a crash loses nothing and a later run resumes where it stopped;
 * progress shows on a terminal or in the log. On a simulated bench whose clock is an auto-advancing
 * {@link VirtualClock} the paths' threads take part in its time: an hour of campaign takes milliseconds, the same way
 * every run.
 *
 * <pre>{@code
 * CampaignResult result = Campaign.named("hotswap").paths(List.of("rrh1", "rrh2")).iterations(100)
 *         .clock(bench.clock()).directory(Path.of("runs/hotswap")).safeState(() -> hub.allPortsOn())
 *         .build().run(cycle -> {
 *             cycle.step("power-off", () -> hub.port(port(cycle.path())).setPower(false));
 *             cycle.step("wait-vanish", () -> pcie.awaitAbsent(address(cycle.path()), Duration.ofSeconds(10)));
 *             ...
 *         });
 * }</pre>
 *
 * <p>{@link #run} blocks until the last iteration ended or the campaign was stopped; {@link #stop()} is safe from any
 * thread (a shutdown hook on Ctrl-C). Whatever happens, the safe state (re-power every port) is restored at the end.
 */
public final class Campaign {

    private static final Logger LOG = LoggerFactory.getLogger(Campaign.class);

    private final String name;
    private final List<String> paths;
    private final int iterations;
    private final BenchClock clock;
    private final Path directory;
    private final boolean failFast;
    private final boolean resume;
    private final Progress progress;
    private final Runnable safeState;
    private final Set<Thread> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private Campaign(Builder b) {
        this.name = b.name;
        this.paths = List.copyOf(b.paths);
        this.iterations = b.iterations;
        this.clock = b.clock;
        this.directory = Objects.requireNonNull(b.directory, "a directory for the records is needed");
        this.failFast = b.failFast;
        this.resume = b.resume;
        this.progress = b.progress;
        this.safeState = b.safeState;
    }

    /**
     * @param name the campaign's name, in every record; letters, digits, {@code . _ -}
     * @return a builder
     */
    public static Builder named(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("campaign name: expected 1 to 64 of letters, digits, '.', '_', '-', got \"" + name + "\"");
        }
        return new Builder(name);
    }

    /** Stops: no new iteration starts, running cycles are interrupted, the safe state is restored. */
    public void stop() {
        stopping = true;
        running.forEach(Thread::interrupt);
    }

    /**
     * Runs the campaign.
     *
     * @param body what one path does in one iteration
     * @return every failure with its path, iteration and phase; how many cycles ran
     * @throws java.io.UncheckedIOException when the records cannot be written
     */
    public CampaignResult run(CycleBody body) {
        Path file = directory.resolve("records.jsonl");
        Set<String> done = resume && Files.exists(file) ? endedCycles(file) : Set.of();
        long startNanos = clock.nanoTime();
        List<Failure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        int ran = 0;
        int skipped = 0;
        // one thread per path for the whole campaign: an iteration hands each its cycle (no thread made per cycle)
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, paths.size()), r -> {
            Thread t = new Thread(r, name + "-worker-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (RecordLog records = RecordLog.append(file)) {
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("event", "campaign-start");
            start.put("campaign", name);
            start.put("at", clock.now().toString());
            start.put("paths", paths);
            start.put("iterations", iterations);
            start.put("resumed", done.size());
            records.write(start);
            progress.start(name + " cycles", (long) paths.size() * iterations - done.size());
            try {
                for (int iteration = 1; iteration <= iterations && !stopping; iteration++) {
                    List<String> due = new ArrayList<>();
                    for (String path : paths) {
                        if (done.contains(path + "#" + iteration)) {
                            skipped++;
                        } else {
                            due.add(path);
                        }
                    }
                    int failuresBefore = failures.size();
                    runIteration(workers, iteration, due, body, records, failures);
                    ran += due.size();
                    if (failFast && failures.size() > failuresBefore) {
                        LOG.warn("{}: stopping after iteration {}: {}", name, iteration, failures.get(failuresBefore));
                        stopping = true;
                    }
                }
            } finally {
                restoreSafeState(records, failures);
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("event", "campaign-end");
                end.put("campaign", name);
                end.put("at", clock.now().toString());
                end.put("cycles", ran);
                end.put("failures", failures.size());
                end.put("stopped", stopping);
                records.write(end);
                progress.close();
            }
        } finally {
            workers.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(clock.nanoTime() - startNanos);
        CampaignResult result = new CampaignResult(name, ran, skipped, failures, elapsed, stopping, file);
        if (result.passed()) {
            LOG.info("{}: {} cycles passed in {}", name, ran, dev.benchhal.util.Durations.format(elapsed));
        } else {
            LOG.warn("{}: {} failure(s) in {} cycles{}", name, failures.size(), ran, stopping ? " (stopped)" : "");
        }
        return result;
    }

    private void runIteration(java.util.concurrent.ExecutorService workers, int iteration, List<String> due, CycleBody body,
                              RecordLog records, List<Failure> failures) {
        VirtualClock virtual = clock instanceof VirtualClock v && v.isAutoAdvancing() ? v : null;
        // every path joins the virtual clock before any of them may move time
        CountDownLatch joined = new CountDownLatch(due.size());
        List<java.util.concurrent.Future<?>> cycles = new ArrayList<>();
        for (String path : due) {
            cycles.add(workers.submit(() -> {
                Thread me = Thread.currentThread();
                me.setName(name + "-" + path);
                Thread.interrupted();   // an interrupt meant for this thread's previous cycle
                running.add(me);
                try (VirtualClock.Participation ignored = virtual == null ? null : virtual.join()) {
                    joined.countDown();
                    joined.await();
                    if (stopping) {
                        throw new InterruptedException("stopped before the cycle began");
                    }
                    runCycle(path, iteration, body, records, failures);
                } catch (InterruptedException e) {
                    // stopped before the cycle began (another path failed first under fail-fast, or Ctrl-C)
                    progress.step(path + " #" + iteration + " cancelled", true);
                } finally {
                    running.remove(me);
                }
            }));
        }
        boolean interrupted = false;
        for (java.util.concurrent.Future<?> cycle : cycles) {
            while (true) {
                try {
                    cycle.get();
                    break;
                } catch (InterruptedException e) {
                    // the campaign's own thread was interrupted: stop the paths, but wait for them to end
                    interrupted = true;
                    stop();
                } catch (java.util.concurrent.ExecutionException e) {
                    // runCycle records every failure of the body; what escapes it is the runner's own
                    throw new IllegalStateException("campaign " + name + ": a path's thread failed", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runCycle(String path, int iteration, CycleBody body, RecordLog records, List<Failure> failures) {
        CycleRun cycle = new CycleRun(path, iteration, records);
        long t0 = clock.nanoTime();
        Instant at = clock.now();
        String error = null;
        try {
            body.cycle(cycle);
        } catch (Exception | AssertionError e) {
            boolean cancelled = stopping && (e instanceof InterruptedException || e instanceof dev.benchhal.error.HalInterruptedException);
            String phase = cycle.failedPhase == null ? "cycle" : cycle.failedPhase;
            if (cancelled) {
                // stopped by the operator or by another path's failure: not a failure of this path
                error = "cancelled: the campaign was stopped";
            } else {
                error = oneLine(e);
                failures.add(new Failure(path, iteration, phase, error, e));
            }
            if (failFast && !cancelled) {
                // the seed's TaskGroup: the first failure cancels the other paths of the iteration
                stopping = true;
                running.stream().filter(t -> t != Thread.currentThread()).forEach(Thread::interrupt);
            }
        }
        Map<String, Object> r = base("cycle", path, iteration);
        r.put("start", at.toString());
        r.put("ms", Duration.ofNanos(clock.nanoTime() - t0).toMillis());
        r.put("ok", error == null);
        if (error != null) {
            r.put("failedPhase", cycle.failedPhase == null ? "cycle" : cycle.failedPhase);
            r.put("error", error);
        }
        r.putAll(cycle.notes);
        records.write(r);
        progress.step(path + " #" + iteration, error == null);
    }

    private void restoreSafeState(RecordLog records, List<Failure> failures) {
        boolean wasInterrupted = Thread.interrupted();
        try {
            safeState.run();
        } catch (RuntimeException e) {
            LOG.error("{}: restoring the safe state failed: {}", name, e.toString());
            failures.add(new Failure("*", 0, "safe-state", oneLine(e), e));
            Map<String, Object> r = base("safe-state", "*", 0);
            r.put("ok", false);
            r.put("error", oneLine(e));
            records.write(r);
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Set<String> endedCycles(Path file) {
        Set<String> ended = new HashSet<>();
        for (Map<String, Object> r : RecordLog.read(file).records()) {
            if ("cycle".equals(r.get("event")) && name.equals(r.get("campaign"))) {
                ended.add(r.get("path") + "#" + r.get("iteration"));
            }
        }
        LOG.info("{}: resuming, {} cycles ended before", name, ended.size());
        return ended;
    }

    private Map<String, Object> base(String event, String path, int iteration) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("event", event);
        r.put("campaign", name);
        r.put("path", path);
        r.put("iteration", iteration);
        return r;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** One path's cycle. */
    private final class CycleRun implements Cycle {
        private final String path;
        private final int iteration;
        private final RecordLog records;
        private final Map<String, Object> notes = new LinkedHashMap<>();
        private String failedPhase;

        CycleRun(String path, int iteration, RecordLog records) {
            this.path = path;
            this.iteration = iteration;
            this.records = records;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public int iteration() {
            return iteration;
        }

        @Override
        public BenchClock clock() {
            return clock;
        }

        @Override
        public <T> T phase(String phase, Callable<T> work) throws Exception {
            Instant at = clock.now();
            long t0 = clock.nanoTime();
            Map<String, Object> r = base("phase", path, iteration);
            r.put("phase", phase);
            r.put("start", at.toString());
            try {
                T result = work.call();
                r.put("ms", Duration.ofNanos(clock.nanoTime() - t0).toMillis());
                r.put("ok", true);
                records.write(r);
                return result;
            } catch (Exception | AssertionError e) {
                if (failedPhase == null) {
                    failedPhase = phase;
                }
                r.put("ms", Duration.ofNanos(clock.nanoTime() - t0).toMillis());
                r.put("ok", false);
                r.put("error", oneLine(e));
                records.write(r);
                throw e;
            }
        }

        @Override
        public void note(String key, Object value) {
            if (Set.of("event", "campaign", "path", "iteration", "start", "ms", "ok", "error", "failedPhase").contains(key)) {
                throw new IllegalArgumentException("note \"" + key + "\" would overwrite a field of the cycle's record");
            }
            notes.put(key, value);
        }
    }

    /** Builds a {@link Campaign}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Set<String> paths = new LinkedHashSet<>();
        private int iterations = 1;
        private BenchClock clock = BenchClock.system();
        private Path directory;
        private boolean failFast;
        private boolean resume;
        private Progress progress = Progress.none();
        private Runnable safeState = () -> { };

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param names the paths, cycled concurrently each iteration; unique
         * @return this builder
         */
        public Builder paths(List<String> names) {
            for (String p : names) {
                if (!paths.add(Objects.requireNonNull(p, "path"))) {
                    throw new IllegalArgumentException("path " + p + " given twice");
                }
            }
            return this;
        }

        /**
         * @param count iterations, at least 1
         * @return this builder
         */
        public Builder iterations(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("iterations: expected at least 1, got " + count);
            }
            this.iterations = count;
            return this;
        }

        /**
         * @param value the bench's clock; an auto-advancing {@link VirtualClock} runs the campaign in virtual time
         * @return this builder
         */
        public Builder clock(BenchClock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param dir where {@code records.jsonl} goes (made when missing)
         * @return this builder
         */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /**
         * @param value {@code true} for the seed's {@code TaskGroup}: the first failure interrupts the other paths and
         *              the campaign ends after that iteration; default {@code false}: every path runs every iteration
         * @return this builder
         */
        public Builder failFast(boolean value) {
            this.failFast = value;
            return this;
        }

        /**
         * @param value {@code true} to skip the cycles that the records file says ended already (a crashed or stopped
         *              campaign goes on where it was)
         * @return this builder
         */
        public Builder resume(boolean value) {
            this.resume = value;
            return this;
        }

        /**
         * @param value how progress shows; default none ({@link Progress#automatic()} for command lines)
         * @return this builder
         */
        public Builder progress(Progress value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * @param value restores the bench's safe state (power every port on again) at the end of the campaign, also
         *              when it failed or was stopped; its failure is reported as one more failure
         * @return this builder
         */
        public Builder safeState(Runnable value) {
            this.safeState = Objects.requireNonNull(value, "safe state");
            return this;
        }

        /**
         * @return the campaign
         * @throws IllegalArgumentException when no path was given
         */
        public Campaign build() {
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("campaign " + name + ": no paths");
            }
            return new Campaign(this);
        }
    }
}
