package dev.benchhal.lab;

import dev.benchhal.harness.Progress;
import dev.benchhal.harness.RecordLog;
import dev.benchhal.lab.lease.Lease;
import dev.benchhal.lab.lease.LeaseInfo;
import dev.benchhal.lab.lease.LeaseKeeper;
import dev.benchhal.lab.lease.LeaseLostException;
import dev.benchhal.lab.lease.LeaseStore;
import dev.benchhal.time.BenchClock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lab's scheduler (the seed's {@code TestBartender} at work): hands the runs the {@link Bartender} picks to the
 * boards free now, holding each run's boards through a lease that expires unless renewed, prepares them, runs the
 * test, and releases them whatever happened. Runs go on concurrently, each on a thread of its own; firmware builds
 * as boards appear; boards held by other schedulers (other processes, other hosts sharing the lease store) are
 * left alone until their holders let go.
 *
 * <p>Every run gets its result directory {@code RESULTS/RUN-TESTS_EXTMOD_HARDWARE[5f2c-RPI_PICO_W]} with its
 * {@code run.log} and {@code records.jsonl}; {@code RESULTS/records.jsonl} has every run's start and end as they
 * happen, so a crash loses nothing. A scheduler built with {@link Builder#resume()} goes on with the lab those records
 * describe: a unit of work whose run reached a verdict (passed, failed, timed out) is not run again, and its result
 * counts in the report; a run that ended in an error or a lost lease, or never ended (its scheduler was killed), runs
 * again.
 *
 * <p>{@link #run()} blocks until no more work can start and every run has ended, or until {@link #stop()}.
 * {@link #addBoard}, {@link #removeBoard} and {@link #stop()} are safe from any thread.
 */
public final class LabScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(LabScheduler.class);

    private final Set<Board> known = ConcurrentHashMap.newKeySet();
    private final Bartender bartender;
    private final LeaseStore leases;
    private final Duration leaseTime;
    private final Path results;
    private final BoardPreparation preparation;
    private final @Nullable FirmwareBuilder firmwareBuilder;
    private final int parallelBuilds;
    private final Duration pollInterval;
    private final BenchClock clock;
    private final Progress progress;
    private final boolean resume;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final FirmwareShelf shelf = new FirmwareShelf();
    private volatile boolean stopping;
    private volatile boolean started;

    private LabScheduler(Builder b) {
        this.known.addAll(b.boards);
        this.bartender = new Bartender(b.specs, b.policy);
        this.leases = Objects.requireNonNull(b.leases, "a lease store is needed");
        this.leaseTime = b.leaseTime;
        this.results = Objects.requireNonNull(b.results, "a results directory is needed");
        this.preparation = b.preparation;
        this.firmwareBuilder = b.firmwareBuilder;
        this.parallelBuilds = b.parallelBuilds;
        this.pollInterval = b.pollInterval;
        this.clock = b.clock;
        this.progress = b.progress;
        this.resume = b.resume;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A board appeared (discovery): work it can serve is offered from now on, its firmware is built.
     *
     * @param board the board
     */
    public void addBoard(Board board) {
        if (known.add(board)) {
            events.add(new BoardsChanged());
        }
    }

    /**
     * A board went away: no new run takes it (a run on it goes on until it ends).
     *
     * @param id the board's id
     */
    public void removeBoard(String id) {
        if (known.removeIf(b -> b.id().equals(id))) {
            events.add(new BoardsChanged());
        }
    }

    /** Stops: no new run starts, running tests are interrupted, their boards released; {@link #run()} returns. */
    public void stop() {
        stopping = true;
        running.values().forEach(r -> r.thread.interrupt());
        events.add(new BoardsChanged());
    }

    /** @return the ids of the runs going on now, sorted */
    public List<String> running() {
        return new ArrayList<>(new TreeSet<>(running.keySet()));
    }

    /**
     * Schedules until no more work can start and every run has ended, or until stopped.
     *
     * @return what ran, how it ended, and the work that did not start, with the reason
     * @throws IllegalStateException when called twice
     * @throws UncheckedIOException  when the results directory cannot be written
     */
    public LabReport run() {
        if (started) {
            throw new IllegalStateException("a LabScheduler runs once");
        }
        started = true;
        Instant begin = clock.now();
        try {
            Files.createDirectories(results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results directory " + results + ": " + e.getMessage(), e);
        }
        List<RunResult> before = resume ? ranBefore() : List.of();
        List<RunResult> done = new ArrayList<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService runs = Executors.newCachedThreadPool(r -> new Thread(r, "lab-run-" + threads.incrementAndGet()));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lab-watchdog");
            t.setDaemon(true);
            return t;
        });
        FirmwareBartender firmware = firmwareBuilder == null ? null
                : new FirmwareBartender(firmwareBuilder, shelf, parallelBuilds, f -> events.add(f));
        Set<String> heldElsewhere = new HashSet<>();
        try (RecordLog records = RecordLog.append(results.resolve("records.jsonl"));
             LeaseKeeper keeper = new LeaseKeeper(leases, leaseTime)) {
            LOG.info("lab: {} boards, {} specs, policy {}, results in {}", known.size(), bartender.specs().size(),
                    bartender.policy().name(), results);
            progress.start("lab runs", bartender.remaining(known).size());
            while (true) {
                if (firmware != null) {
                    bartender.firmwareNeeded(known).forEach(f -> firmware.request(f.type(), f.variant()));
                }
                // read before looking for runs to start: a build that ends after this look put its firmware on the
                // shelf before it stopped counting, so either this look sees the firmware or the loop goes round again
                boolean building = firmware != null && firmware.pending() > 0;
                boolean contended = false;
                if (!stopping) {
                    heldElsewhere = heldElsewhere();
                    contended = startWhatCan(heldElsewhere, runs, watchdog, keeper, records);
                    if (contended) {
                        heldElsewhere = heldElsewhere();
                    }
                }
                if (running.isEmpty() && (stopping || (!building && !contended && !waitingForOthers(heldElsewhere)))) {
                    break;
                }
                for (Object event = events.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS); event != null; event = events.poll()) {
                    if (event instanceof RunResult result) {
                        running.remove(result.id());
                        done.add(result);
                        progress.step(result.id(), result.outcome().passed());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        } finally {
            progress.close();
            if (firmware != null) {
                firmware.close();
            }
            runs.shutdownNow();
            watchdog.shutdownNow();
            awaitQuietly(runs);
        }
        // results that arrived after the loop's last look
        for (Object event = events.poll(); event != null; event = events.poll()) {
            if (event instanceof RunResult result) {
                running.remove(result.id());
                done.add(result);
            }
        }
        List<NotRun> notRun = notRun(heldElsewhere);
        List<RunResult> all = new ArrayList<>(before);
        all.addAll(done);
        LabReport report = new LabReport(all, notRun, Duration.between(begin, clock.now()), results, stopping);
        LOG.info("lab: {} runs ({} passed, {} failed, {} errors), {} not run, in {}", done.size(), report.count(Outcome.PASSED),
                report.count(Outcome.FAILED), report.count(Outcome.ERROR), notRun.size(), report.elapsed());
        return report;
    }

    /**
     * Reads the lab's records: the units of work whose runs reached a verdict are marked as started with the
     * bartender, and their results are returned for the report.
     */
    private List<RunResult> ranBefore() {
        Path file = results.resolve("records.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<RunResult> out = new ArrayList<>();
        Map<String, Map<String, Object>> starts = new HashMap<>();
        for (Map<String, Object> r : RecordLog.read(file).records()) {
            String id = String.valueOf(r.get("run"));
            if ("start".equals(r.get("event"))) {
                starts.put(id, r);
                continue;
            }
            if (!"end".equals(r.get("event")) || !(r.get("key") instanceof List<?> key) || !(r.get("iteration") instanceof Number n)) {
                continue;
            }
            Outcome outcome;
            try {
                outcome = Outcome.valueOf(String.valueOf(r.get("outcome")));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (outcome == Outcome.ERROR || outcome == Outcome.LEASE_LOST) {
                continue;   // no verdict: the work runs again
            }
            WorkItem item = new WorkItem(String.valueOf(r.get("spec")), key.stream().map(String::valueOf).toList(), n.intValue());
            bartender.ranBefore(item);
            Instant end = Instant.parse(String.valueOf(r.get("at")));
            Instant start = starts.containsKey(id) ? Instant.parse(String.valueOf(starts.get(id).get("at"))) : end;
            List<String> boards = r.get("boards") instanceof List<?> b ? b.stream().map(String::valueOf).toList() : List.of();
            out.add(new RunResult(id, item.spec(), boards, outcome, start, end, r.get("message") == null ? null
                    : String.valueOf(r.get("message")), results.resolve(id)));
        }
        LOG.info("lab: resumed from {}: {} runs ended with a verdict before", file, out.size());
        return out;
    }

    private Set<String> heldElsewhere() {
        Set<String> held = new HashSet<>();
        for (LeaseInfo info : leases.leases()) {
            if (info.held() && !leases.holder().equals(info.holder())) {
                held.add(info.board());
            }
        }
        return held;
    }

    /** Starts every run that can start; returns whether another holder took boards between look and lease. */
    private boolean startWhatCan(Set<String> heldElsewhere, ExecutorService runs, ScheduledExecutorService watchdog,
                                 LeaseKeeper keeper, RecordLog records) {
        boolean contended = false;
        Set<Board> free = new TreeSet<>(known);
        free.removeIf(b -> heldElsewhere.contains(b.id()));
        running.values().forEach(r -> r.run.boards().forEach(free::remove));
        for (Optional<TestRun> next = bartender.next(known, free, shelf); next.isPresent(); next = bartender.next(known, free, shelf)) {
            TestRun run = next.get();
            Optional<Lease> lease = leases.tryAcquire(run.boardIds(), leaseTime);
            run.boards().forEach(free::remove);
            if (lease.isEmpty()) {
                // another scheduler took some of them since we looked; try others
                LOG.debug("boards of {} taken by another holder meanwhile", run.id());
                contended = true;
                continue;
            }
            bartender.started(run);
            start(run, lease.get(), runs, watchdog, keeper, records);
        }
        return contended;
    }

    /** Whether work waits only for boards that other holders have now (so waiting makes sense). */
    private boolean waitingForOthers(Set<String> heldElsewhere) {
        if (heldElsewhere.isEmpty()) {
            return false;
        }
        Set<Board> ifAllFree = new TreeSet<>(known);
        return bartender.next(known, ifAllFree, shelf).isPresent();
    }

    private List<NotRun> notRun(Set<String> heldElsewhere) {
        List<NotRun> notRun = new ArrayList<>();
        for (WorkItem item : bartender.remaining(known)) {
            TestRunSpec spec = bartender.specs().stream().filter(s -> s.name().equals(item.spec())).findFirst().orElseThrow();
            notRun.add(new NotRun(item, reason(spec, heldElsewhere)));
        }
        return notRun;
    }

    private String reason(TestRunSpec spec, Set<String> heldElsewhere) {
        if (stopping) {
            return "the lab was stopped";
        }
        if (spec.firmwareVariant().isPresent()) {
            List<String> failures = new ArrayList<>();
            for (Board board : known) {
                if (spec.needs().stream().anyMatch(n -> n.fits(board))) {
                    shelf.failure(board.type(), spec.firmwareVariant().get())
                            .ifPresent(f -> failures.add(FirmwareShelf.label(board.type(), spec.firmwareVariant().get()) + ": " + f));
                }
            }
            if (!failures.isEmpty()) {
                return "firmware failed to build (" + String.join("; ", new TreeSet<>(failures)) + ")";
            }
            if (firmwareBuilder == null) {
                return "the spec needs firmware and the lab has no firmware builder";
            }
        }
        return heldElsewhere.isEmpty() ? "no board could serve it" : "its boards stayed held by others: " + new TreeSet<>(heldElsewhere);
    }

    private void start(TestRun run, Lease lease, ExecutorService runs, ScheduledExecutorService watchdog,
                       LeaseKeeper keeper, RecordLog records) {
        Path dir = results.resolve(run.id());
        Instant begin = clock.now();
        // the run's thread registers itself before the scheduler goes on, so a stop always reaches it
        java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);
        runs.execute(() -> {
            Thread me = Thread.currentThread();
            Running r = new Running(run, me);
            running.put(run.id(), r);
            registered.countDown();
            RunResult result = execute(run, lease, dir, begin, r, watchdog, keeper, records);
            bartender.finished(run, result.duration());
            // the scheduler's thread takes the run off the running list when it reads this: no result is missed
            events.add(result);
        });
        awaitUninterruptibly(registered);
    }

    private static void awaitUninterruptibly(java.util.concurrent.CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private RunResult execute(TestRun run, Lease lease, Path dir, Instant begin, Running me,
                              ScheduledExecutorService watchdog, LeaseKeeper keeper, RecordLog records) {
        Outcome outcome;
        String message = null;
        AtomicReference<Outcome> forced = new AtomicReference<>();
        LeaseKeeper.Kept kept = keeper.keep(lease, lost -> {
            forced.compareAndSet(null, Outcome.LEASE_LOST);
            me.thread.interrupt();
        });
        ScheduledFuture<?> limit = watchdog.schedule(() -> {
            forced.compareAndSet(null, Outcome.TIMED_OUT);
            me.thread.interrupt();
        }, run.spec().timeLimit().toMillis(), TimeUnit.MILLISECONDS);
        try (RecordLog own = RecordLog.append(dir.resolve("records.jsonl"));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("run.log"), StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            Map<String, Object> startRecord = record(run, "start", lease.token());
            records.write(startRecord);
            own.write(startRecord);
            LOG.info("{} started on {} (lease token {})", run.id(), run.boardIds(), lease.token());
            log.println(begin + " " + run.id() + " on " + run.boards() + " with lease token " + lease.token());
            Context context = new Context(run, dir, log, kept);
            try {
                for (int i = 0; i < run.boards().size(); i++) {
                    Board board = run.boards().get(i);
                    context.checkLease(board);
                    preparation.prepare(context, board, run.firmware().isEmpty() ? Optional.empty() : Optional.of(run.firmware().get(i)));
                }
                run.spec().test().run(context);
                outcome = Outcome.PASSED;
            } catch (AssertionError e) {
                outcome = Outcome.FAILED;
                message = oneLine(e);
            } catch (LeaseLostException e) {
                outcome = Outcome.LEASE_LOST;
                message = e.getMessage();
            } catch (InterruptedException | dev.benchhal.error.HalInterruptedException e) {
                outcome = Outcome.ERROR;
                message = "interrupted";
            } catch (Exception | Error e) {
                outcome = Outcome.ERROR;
                message = oneLine(e);
            }
            Outcome reason = forced.get();
            if (reason != null) {
                outcome = reason;
                message = reason == Outcome.TIMED_OUT ? "stopped after its time limit of " + run.spec().timeLimit()
                        : Objects.requireNonNull(kept.lost()).getMessage();
            } else if (stopping && "interrupted".equals(message)) {
                message = "interrupted: the lab was stopped";
            }
            if (Thread.interrupted()) {
                LOG.debug("{}: interrupt cleared after the test ended", run.id());
            }
            log.println(clock.now() + " " + outcome + (message == null ? "" : ": " + message));
            Instant end = clock.now();
            Map<String, Object> endRecord = record(run, "end", lease.token());
            endRecord.put("outcome", outcome.name());
            endRecord.put("ms", Duration.between(begin, end).toMillis());
            endRecord.put("message", message);
            records.write(endRecord);
            own.write(endRecord);
            return new RunResult(run.id(), run.spec().name(), run.boardIds(), outcome, begin, end, message, dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("{}: cannot write its results in {}: {}", run.id(), dir, e.getMessage());
            return new RunResult(run.id(), run.spec().name(), run.boardIds(), Outcome.ERROR, begin, clock.now(),
                    "cannot write results: " + e.getMessage(), dir);
        } finally {
            limit.cancel(false);
            kept.close();
            try {
                leases.release(kept.lease());
            } catch (RuntimeException e) {
                LOG.warn("{}: releasing its boards failed ({}); the lease ends at {}", run.id(), e.getMessage(), kept.lease().expiresAt());
            }
            LOG.info("{} ended; boards {} released", run.id(), run.boardIds());
        }
    }

    private Map<String, Object> record(TestRun run, String event, long token) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("event", event);
        r.put("at", clock.now().toString());
        r.put("run", run.id());
        r.put("spec", run.spec().name());
        r.put("key", run.item().key());
        r.put("iteration", run.item().iteration());
        r.put("boards", run.boardIds());
        r.put("firmware", run.firmware().stream().map(Firmware::label).toList());
        r.put("holder", leases.holder());
        r.put("token", token);
        return r;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void awaitQuietly(ExecutorService runs) {
        try {
            if (!runs.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("lab: runs still going 30 s after the scheduler ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A run going on. */
    private record Running(TestRun run, Thread thread) {
    }

    /** The boards changed, or a stop: look again. */
    private record BoardsChanged() {
    }

    /** What the test sees. */
    private final class Context implements RunContext {
        private final TestRun run;
        private final Path dir;
        private final PrintWriter log;
        private final LeaseKeeper.Kept kept;

        Context(TestRun run, Path dir, PrintWriter log, LeaseKeeper.Kept kept) {
            this.run = run;
            this.dir = dir;
            this.log = log;
            this.kept = kept;
        }

        @Override
        public TestRun run() {
            return run;
        }

        @Override
        public Optional<Firmware> firmware(Board board) {
            int i = run.boards().indexOf(board);
            if (i < 0) {
                throw new IllegalArgumentException(run.id() + " does not have board " + board.id());
            }
            return run.firmware().isEmpty() ? Optional.empty() : Optional.of(run.firmware().get(i));
        }

        @Override
        public Path directory() {
            return dir;
        }

        @Override
        public PrintWriter log() {
            return log;
        }

        @Override
        public BenchClock clock() {
            return clock;
        }

        @Override
        public long leaseToken() {
            return kept.lease().token();
        }

        @Override
        public void checkLease(Board board) {
            LeaseLostException lost = kept.lost();
            if (lost != null) {
                throw lost;
            }
            leases.verify(kept.lease(), board.id());
        }
    }

    /** Builds a {@link LabScheduler}; not thread-safe. */
    public static final class Builder {
        private final List<Board> boards = new ArrayList<>();
        private final List<TestRunSpec> specs = new ArrayList<>();
        private Policy policy = Policy.criticalWorkFirst();
        private @Nullable LeaseStore leases;
        private Duration leaseTime = Duration.ofSeconds(60);
        private @Nullable Path results;
        private BoardPreparation preparation = BoardPreparation.none();
        private @Nullable FirmwareBuilder firmwareBuilder;
        private int parallelBuilds = 2;
        private Duration pollInterval = Duration.ofSeconds(1);
        private BenchClock clock = BenchClock.system();
        private Progress progress = Progress.none();
        private boolean resume;

        private Builder() {
        }

        /**
         * Goes on with the lab whose records are in the results directory: work whose run reached a verdict is not run
         * again (see the class comment). Without it, every unit of work runs.
         *
         * @return this builder
         */
        public Builder resume() {
            this.resume = true;
            return this;
        }

        /**
         * @param value how the runs' progress shows; default none ({@link Progress#automatic()} on a command line)
         * @return this builder
         */
        public Builder progress(Progress value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * @param value the boards known at the start (more may come through {@link LabScheduler#addBoard})
         * @return this builder
         */
        public Builder boards(Collection<Board> value) {
            Set<String> ids = new HashSet<>();
            boards.forEach(b -> ids.add(b.id()));
            for (Board b : value) {
                if (!ids.add(b.id())) {
                    throw new IllegalArgumentException("board " + b.id() + " given twice");
                }
                boards.add(b);
            }
            return this;
        }

        /**
         * @param value the specs, in the order that breaks ties
         * @return this builder
         */
        public Builder specs(List<TestRunSpec> value) {
            specs.addAll(value);
            return this;
        }

        /**
         * @param value which candidate starts; default {@link Policy#criticalWorkFirst()}
         * @return this builder
         */
        public Builder policy(Policy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * @param store the lease store shared with every other scheduler of the lab; the scheduler does not close it
         * @param time  how long a lease lasts unless renewed (a dead scheduler's boards come back after it at worst);
         *              default 60 s
         * @return this builder
         */
        public Builder leases(LeaseStore store, Duration time) {
            this.leases = Objects.requireNonNull(store, "lease store");
            this.leaseTime = Objects.requireNonNull(time, "lease time");
            return this;
        }

        /**
         * @param dir where every run's directory and the lab's {@code records.jsonl} go
         * @return this builder
         */
        public Builder results(Path dir) {
            this.results = dir;
            return this;
        }

        /**
         * @param value readies each board before its run; default none
         * @return this builder
         */
        public Builder preparation(BoardPreparation value) {
            this.preparation = Objects.requireNonNull(value, "preparation");
            return this;
        }

        /**
         * @param builder  builds firmware for the specs that flash, as boards of each type appear
         * @param parallel how many builds at once; default 2
         * @return this builder
         */
        public Builder firmware(FirmwareBuilder builder, int parallel) {
            this.firmwareBuilder = Objects.requireNonNull(builder, "firmware builder");
            if (parallel < 1) {
                throw new IllegalArgumentException("parallel firmware builds: expected at least 1, got " + parallel);
            }
            this.parallelBuilds = parallel;
            return this;
        }

        /**
         * @param value how often to look again at boards other holders have; default 1 s
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            this.pollInterval = Objects.requireNonNull(value, "poll interval");
            return this;
        }

        /**
         * @param value the clock of timestamps and the tests' {@link RunContext#clock()}; default the system clock
         * @return this builder
         */
        public Builder clock(BenchClock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @return the scheduler */
        public LabScheduler build() {
            return new LabScheduler(this);
        }
    }
}
