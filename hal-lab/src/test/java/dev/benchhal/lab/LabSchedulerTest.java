package dev.benchhal.lab;

import dev.benchhal.harness.RecordLog;
import dev.benchhal.lab.lease.FileLeaseStore;
import dev.benchhal.lab.lease.Lease;
import dev.benchhal.lab.lease.LeaseInfo;
import dev.benchhal.lab.lease.LeaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LabSchedulerTest {

    @TempDir
    Path tmp;
    private LeaseStore leases;
    private final Map<String, String> occupant = new ConcurrentHashMap<>();
    private final AtomicInteger sharedBoard = new AtomicInteger();

    @BeforeEach
    void openLeases() {
        leases = FileLeaseStore.open(tmp.resolve("leases"));
    }

    @AfterEach
    void closeLeases() {
        leases.close();
    }

    /**
     * A test body that holds its boards until {@code together} runs are in at once (the first two runs of the lab can
     * overlap, the later ones find the latch open), counting any board held by two runs at the same time.
     */
    private LabTest occupying(CountDownLatch together) {
        return ctx -> {
            for (Board b : ctx.run().boards()) {
                if (occupant.putIfAbsent(b.id(), ctx.run().id()) != null) {
                    sharedBoard.incrementAndGet();
                }
                ctx.checkLease(b);
            }
            together.countDown();
            if (!together.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("no other run ran beside " + ctx.run().id());
            }
            for (Board b : ctx.run().boards()) {
                occupant.remove(b.id(), ctx.run().id());
            }
        };
    }

    private LabScheduler.Builder lab(List<Board> boards, TestRunSpec... specs) {
        return LabScheduler.builder().boards(boards).specs(List.of(specs)).leases(leases, Duration.ofSeconds(30))
                .results(tmp.resolve("results")).pollInterval(Duration.ofMillis(50));
    }

    @Test
    void runsEverySpecOnEveryBoardTypeInDirectoriesNamedAsInTheSeed() throws Exception {
        List<Board> boards = List.of(Board.of("5f2c", "RPI_PICO_W", "wlan"), Board.of("1831", "RPI_PICO_W", "wlan"),
                Board.of("2d2d", "PYBV11"));
        // two of the three runs can go on at once (the two-board run and the PYBV11 one): they must
        CountDownLatch together = new CountDownLatch(2);
        TestRunSpec extmod = TestRunSpec.named("RUN-TESTS_EXTMOD_HARDWARE").needs(BoardNeed.ofType("board"))
                .test(occupying(together)).build();
        TestRunSpec multinet = TestRunSpec.named("RUN-MULTITESTS_MULTINET")
                .needs(BoardNeed.withCapabilities("sta", "wlan"), BoardNeed.withCapabilities("ap", "wlan"))
                .test(occupying(together)).build();

        LabReport report = lab(boards, extmod, multinet).build().run();

        assertThat(report.allPassed()).isTrue();
        assertThat(report.results()).extracting(RunResult::id).containsExactlyInAnyOrder(
                "RUN-TESTS_EXTMOD_HARDWARE[1831-RPI_PICO_W]", "RUN-TESTS_EXTMOD_HARDWARE[2d2d-PYBV11]",
                "RUN-MULTITESTS_MULTINET[1831-RPI_PICO_W,5f2c-RPI_PICO_W]");
        assertThat(sharedBoard).hasValue(0);
        Path dir = tmp.resolve("results/RUN-TESTS_EXTMOD_HARDWARE[2d2d-PYBV11]");
        assertThat(Files.readString(dir.resolve("run.log"))).contains("PASSED");
        assertThat(RecordLog.read(dir.resolve("records.jsonl")).records()).extracting(r -> r.get("event")).containsExactly("start", "end");
        List<Map<String, Object>> all = RecordLog.read(tmp.resolve("results/records.jsonl")).records();
        assertThat(all).hasSize(6);
        assertThat(all).filteredOn(r -> "end".equals(r.get("event"))).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("PASSED"));
        // every board is free again
        assertThat(leases.leases()).allSatisfy(i -> assertThat(i.held()).isFalse());
    }

    @Test
    void runsWaitForTheirFirmwareAndAFailedBuildIsReportedNotLost() {
        List<Board> boards = List.of(Board.of("a1", "TEENSY40"), Board.of("b1", "ESP32"));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        TestRunSpec standard = TestRunSpec.named("RUN-TESTS_STANDARD").needs(BoardNeed.ofType("board")).firmware("")
                .test(ctx -> order.add("run " + ctx.firmware(ctx.board("board")).orElseThrow().label())).build();
        FirmwareBuilder builder = (type, variant) -> {
            if (type.equals("ESP32")) {
                throw new IllegalStateException("make: *** [esp32] Error 2");
            }
            order.add("built " + type);
            return new Firmware(type, variant, tmp.resolve(type + ".uf2"));
        };

        LabReport report = lab(boards, standard).firmware(builder, 2).build().run();

        assertThat(order).containsExactly("built TEENSY40", "run TEENSY40");
        assertThat(report.results()).extracting(RunResult::id).containsExactly("RUN-TESTS_STANDARD[a1-TEENSY40]");
        assertThat(report.notRun()).singleElement().satisfies(n -> {
            assertThat(n.item().key()).containsExactly("ESP32");
            assertThat(n.reason()).contains("firmware failed to build").contains("make: *** [esp32] Error 2");
        });
        assertThat(report.allPassed()).isFalse();
    }

    /**
     * A lab resumed from its records: what reached a verdict (passed, failed) is not run again and counts in the
     * report; what ended in an error, and a run whose scheduler died before it ended, run again.
     */
    @Test
    void aResumedLabRunsOnlyTheWorkWithoutAVerdict() throws Exception {
        List<Board> boards = List.of(Board.of("x1", "T"), Board.of("x2", "U"));
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean portFixed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Function<String, TestRunSpec> spec = name -> TestRunSpec.named(name).needs(BoardNeed.ofType("b")).test(ctx -> {
            runs.computeIfAbsent(ctx.run().id(), k -> new AtomicInteger()).incrementAndGet();
            if (name.equals("FAILS")) {
                throw new AssertionError("expected 3 LEDs, got 2");
            }
            if (name.equals("ERRS") && !portFixed.get()) {
                throw new java.io.IOException("serial port gone");
            }
        }).build();
        LabReport first = lab(boards, spec.apply("PASSES"), spec.apply("FAILS"), spec.apply("ERRS")).build().run();
        assertThat(first.results()).hasSize(6);
        // a run whose scheduler was killed: started, never ended
        java.nio.file.Files.writeString(tmp.resolve("results/records.jsonl"), "{\"event\":\"start\",\"at\":\"2026-11-30T10:00:00Z\","
                + "\"run\":\"KILLED[x1-T]\",\"spec\":\"KILLED\",\"key\":[\"T\"],\"iteration\":0,\"boards\":[\"x1\"]}\n",
                java.nio.file.StandardOpenOption.APPEND);
        portFixed.set(true);

        LabReport resumed = lab(boards, spec.apply("PASSES"), spec.apply("FAILS"), spec.apply("ERRS"), spec.apply("KILLED"))
                .resume().build().run();

        // the ERRS runs and the killed one ran again; PASSES and FAILS did not
        assertThat(runs.get("ERRS[x1-T]")).hasValue(2);
        assertThat(runs.get("ERRS[x2-U]")).hasValue(2);
        assertThat(runs.get("KILLED[x1-T]")).hasValue(1);
        assertThat(runs.get("PASSES[x1-T]")).hasValue(1);
        assertThat(runs.get("FAILS[x2-U]")).hasValue(1);
        // the report has the verdicts of before with the runs of now; the failure still fails the lab
        assertThat(resumed.results()).extracting(RunResult::id, RunResult::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("PASSES[x1-T]", Outcome.PASSED), org.assertj.core.groups.Tuple.tuple("PASSES[x2-U]", Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("FAILS[x1-T]", Outcome.FAILED), org.assertj.core.groups.Tuple.tuple("FAILS[x2-U]", Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("ERRS[x1-T]", Outcome.PASSED), org.assertj.core.groups.Tuple.tuple("ERRS[x2-U]", Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("KILLED[x1-T]", Outcome.PASSED), org.assertj.core.groups.Tuple.tuple("KILLED[x2-U]", Outcome.PASSED));
        assertThat(resumed.notRun()).isEmpty();
        assertThat(resumed.allPassed()).isFalse();
    }

    @Test
    void failuresErrorsAndTimeLimitsEndTheirRunsAndReleaseTheBoards() {
        List<Board> boards = List.of(Board.of("x1", "T"));
        AtomicInteger testsRun = new AtomicInteger();
        TestRunSpec fails = TestRunSpec.named("FAILS").priority(4).needs(BoardNeed.ofType("b")).test(ctx -> {
            throw new AssertionError("expected 3 LEDs, got 2\nsecond line");
        }).build();
        TestRunSpec errs = TestRunSpec.named("ERRS").priority(3).needs(BoardNeed.ofType("b")).test(ctx -> {
            throw new java.io.IOException("serial port gone");
        }).build();
        TestRunSpec hangs = TestRunSpec.named("HANGS").priority(2).needs(BoardNeed.ofType("b")).timeLimit(Duration.ofMillis(200))
                .test(ctx -> new CountDownLatch(1).await()).build();
        TestRunSpec unprepared = TestRunSpec.named("UNPREPARED").priority(1).needs(BoardNeed.ofType("b"))
                .test(ctx -> testsRun.incrementAndGet()).build();

        LabReport report = lab(boards, fails, errs, hangs, unprepared).policy(Policy.priority())
                .preparation((ctx, board, fw) -> {
                    if (ctx.run().spec().name().equals("UNPREPARED")) {
                        throw new IllegalStateException("hub port 3 does not power on");
                    }
                }).build().run();

        assertThat(report.results()).extracting(RunResult::spec, RunResult::outcome, RunResult::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("FAILS", Outcome.FAILED, "expected 3 LEDs, got 2"),
                org.assertj.core.groups.Tuple.tuple("ERRS", Outcome.ERROR, "serial port gone"),
                org.assertj.core.groups.Tuple.tuple("HANGS", Outcome.TIMED_OUT, "stopped after its time limit of PT0.2S"),
                org.assertj.core.groups.Tuple.tuple("UNPREPARED", Outcome.ERROR, "hub port 3 does not power on"));
        assertThat(testsRun).hasValue(0);
        assertThat(leases.leases()).allSatisfy(i -> assertThat(i.held()).isFalse());
    }

    @Test
    void theReportShowsEveryRunOnTheRowOfItsBoardsWithItsSpecAndOutcome() throws Exception {
        TestRunSpec passes = TestRunSpec.named("PASSES").priority(2).needs(BoardNeed.ofType("b", "T")).test(ctx -> { }).build();
        TestRunSpec fails = TestRunSpec.named("FAILS").priority(1).needs(BoardNeed.ofType("b", "T")).test(ctx -> {
            throw new AssertionError("expected 3 LEDs, got 2");
        }).build();
        TestRunSpec pair = TestRunSpec.named("PAIR").needs(BoardNeed.ofType("sta", "STA"), BoardNeed.ofType("ap", "AP"))
                .test(ctx -> { }).build();
        LabReport ran = lab(List.of(Board.of("x1", "T"), Board.of("s1", "STA"), Board.of("a1", "AP")), passes, fails, pair)
                .policy(Policy.priority()).build().run();
        assertThat(ran.results()).hasSize(3);

        dev.benchhal.harness.CampaignReport.Written report = LabReport.write(ran.directory());

        assertThat(report.passed()).isFalse();
        assertThat(report.verdict()).isEqualTo("FAILED: 1 of 3 runs of 2 board sets failed.");
        String summary = Files.readString(report.summary());
        // the priority policy runs PASSES first on x1, so FAILS is x1's second run; PAIR holds both of its boards
        assertThat(summary).contains("| PASSES | 1 | 0 |", "| FAILS | 1 | 1 |", "| PAIR | 1 | 0 |",
                "| x1 | 2 | FAILS | FAILED: expected 3 LEDs, got 2 |");
        String html = Files.readString(report.html());
        assertThat(html).contains("<h1>lab results</h1>", "Timeline", "Time of PAIR", "<h2>outcome</h2>");
        assertThat(html.split("data:image/png;base64,", -1).length - 1).as("charts drawn").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRunWhoseLeaseAnOperatorEndedIsLeaseLostAndCannotTouchItsBoard() throws Exception {
        LeaseStore operator = FileLeaseStore.open(tmp.resolve("leases"));
        try {
            TestRunSpec spec = TestRunSpec.named("LONG").needs(BoardNeed.ofType("b")).test(ctx -> {
                assertThat(operator.forceRelease(ctx.board("b").id())).isPresent();
                ctx.checkLease(ctx.board("b"));
                throw new AssertionError("the board was touched after its lease ended");
            }).build();

            LabReport report = lab(List.of(Board.of("x1", "T")), spec).build().run();

            assertThat(report.results()).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(Outcome.LEASE_LOST);
                assertThat(r.message()).contains("x1").contains("free");
            });
        } finally {
            operator.close();
        }
    }

    @Test
    void boardsHeldByAnotherSchedulerAreLeftAloneUntilItLetsGo() throws Exception {
        LeaseStore other = FileLeaseStore.open(tmp.resolve("leases"));
        try {
            Lease held = other.tryAcquire(List.of("x2"), Duration.ofMinutes(5)).orElseThrow();
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            TestRunSpec each = TestRunSpec.named("EACH").coverage(Coverage.EACH_BOARD).needs(BoardNeed.ofType("b"))
                    .test(ctx -> {
                        order.add(ctx.board("b").id());
                        if (ctx.board("b").id().equals("x1")) {
                            // the other scheduler finishes with x2 while this lab works on x1
                            other.release(held);
                        }
                    }).build();

            LabReport report = lab(List.of(Board.of("x1", "T"), Board.of("x2", "T")), each).build().run();

            assertThat(order).containsExactly("x1", "x2");
            assertThat(report.allPassed()).isTrue();
        } finally {
            other.close();
        }
    }

    @Test
    void stopInterruptsRunsReleasesBoardsAndReportsTheRestAsNotRun() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        TestRunSpec slow = TestRunSpec.named("SLOW").coverage(Coverage.EACH_BOARD).needs(BoardNeed.ofType("b")).test(ctx -> {
            started.countDown();
            new CountDownLatch(1).await();
        }).build();
        TestRunSpec later = TestRunSpec.named("LATER").needs(BoardNeed.ofType("b")).test(ctx -> { }).build();
        LabScheduler scheduler = lab(List.of(Board.of("x1", "T")), slow, later).policy(Policy.priority()).build();
        Thread stopper = new Thread(() -> {
            try {
                started.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler.stop();
        });
        stopper.start();

        LabReport report = scheduler.run();

        stopper.join();
        assertThat(report.stopped()).isTrue();
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.message()).isEqualTo("interrupted: the lab was stopped");
        });
        assertThat(report.notRun()).extracting(n -> n.item().spec(), NotRun::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LATER", "the lab was stopped"));
        assertThat(leases.leases()).allSatisfy(i -> assertThat(i.held()).isFalse());
    }

    @Test
    void thePriorityPolicyRunsTheHighestPriorityFirst() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<TestRunSpec> specs = new ArrayList<>();
        for (int p : new int[] {5, 50, 20}) {
            specs.add(TestRunSpec.named("P" + p).priority(p).needs(BoardNeed.ofType("b"))
                    .test(ctx -> order.add(ctx.run().spec().name())).build());
        }
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        LabReport report = lab(List.of(Board.of("x1", "T")), specs.toArray(TestRunSpec[]::new)).policy(Policy.priority())
                .progress(new dev.benchhal.harness.Progress() {
                    @Override
                    public void start(String what, long total) {
                        progress.add(what + " " + total);
                    }

                    @Override
                    public void step(String label, boolean passed) {
                        progress.add(label);
                    }

                    @Override
                    public void close() {
                        progress.add("closed");
                    }
                }).build().run();
        assertThat(order).containsExactly("P50", "P20", "P5");
        assertThat(report.results()).hasSize(3);
        assertThat(progress).containsExactly("lab runs 3", "P50[x1-T]", "P20[x1-T]", "P5[x1-T]", "closed");
    }

    @Test
    void leaseInfoShowsWhoHoldsABoardWhileItRuns() {
        List<LeaseInfo> seen = Collections.synchronizedList(new ArrayList<>());
        TestRunSpec spec = TestRunSpec.named("LOOK").needs(BoardNeed.ofType("b")).test(ctx -> seen.addAll(leases.leases())).build();
        lab(List.of(Board.of("x1", "T")), spec).build().run();
        assertThat(seen).singleElement().satisfies(i -> {
            assertThat(i.board()).isEqualTo("x1");
            assertThat(i.holder()).isEqualTo(leases.holder());
        });
    }

    @Test
    void aCommandTestRunsAsAProcessThatLearnsItsRunFromTheEnvironment() throws Exception {
        List<Board> boards = List.of(Board.of("5f2c", "RPI_PICO_W", "wlan"), Board.of("1831", "ESP32", "wlan"));
        TestRunSpec multinet = TestRunSpec.named("RUN-MULTITESTS_MULTINET").coverage(Coverage.ONCE)
                .needs(BoardNeed.ofType("sta", "ESP32"), BoardNeed.ofType("ap", "RPI_PICO_W")).firmware("")
                .test(LabTest.command(List.of("sh", "-c", "echo \"$BENCHHAL_BOARD_STA $BENCHHAL_BOARD_AP_TYPE $BENCHHAL_FIRMWARE_AP"
                        + " $BENCHHAL_LEASE_TOKEN $BENCHHAL_RUN_ID\" > env.txt; echo 'a line of output'"))).build();

        LabReport report = lab(boards, multinet).firmware((type, variant) -> new Firmware(type, variant, Path.of("/fw", type + ".uf2")), 1)
                .build().run();

        RunResult result = report.results().get(0);
        assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
        String[] env = Files.readString(result.directory().resolve("env.txt")).trim().split(" ", -1);
        assertThat(env).startsWith("1831", "RPI_PICO_W", "/fw/RPI_PICO_W.uf2");
        assertThat(Long.parseLong(env[3])).isPositive();
        assertThat(env[4]).isEqualTo("RUN-MULTITESTS_MULTINET[1831-ESP32,5f2c-RPI_PICO_W]").isEqualTo(result.id());
        assertThat(Files.readString(result.directory().resolve("run.log"))).contains("a line of output");
    }

    @Test
    void aCommandsExitCodeDecidesItsOutcomeAndATimeLimitKillsItsWholeTree() throws Exception {
        TestRunSpec fails = TestRunSpec.named("FAILS").priority(3).needs(BoardNeed.ofType("b"))
                .test(LabTest.command(List.of("sh", "-c", "exit 1"))).build();
        TestRunSpec crashes = TestRunSpec.named("CRASHES").priority(2).needs(BoardNeed.ofType("b"))
                .test(LabTest.command(List.of("sh", "-c", "kill -SEGV $$"))).build();
        TestRunSpec hangs = TestRunSpec.named("HANGS").priority(1).needs(BoardNeed.ofType("b")).timeLimit(Duration.ofMillis(500))
                .test(LabTest.command(List.of("sh", "-c", "sleep 300 & echo $! > child.pid; wait"))).build();

        LabReport report = lab(List.of(Board.of("x1", "T")), fails, crashes, hangs).policy(Policy.priority()).build().run();

        assertThat(report.results()).extracting(RunResult::spec, RunResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("FAILS", Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("CRASHES", Outcome.ERROR),
                org.assertj.core.groups.Tuple.tuple("HANGS", Outcome.TIMED_OUT));
        assertThat(report.results().get(1).message()).contains("exited with 139 (signal 11)");
        long sleeper = Long.parseLong(Files.readString(report.results().get(2).directory().resolve("child.pid")).trim());
        awaitGone(sleeper);
    }

    /** Waits until a process has ended: no longer in /proc, or a zombie (an orphan that no one reaps here). */
    /**
     * Waits until a process is gone (or a zombie). The bound is generous: a killed process ends at once, unless the
     * kernel holds it in an uninterruptible wait, which a machine loaded by two builds and an image import can make
     * long. On a timeout the message says what the process is and where the kernel holds it.
     */
    static void awaitGone(long pid) {
        try {
            dev.benchhal.core.time.Await.until(dev.benchhal.time.BenchClock.system(), "process " + pid + " to end", () -> {
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                    return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                } catch (java.io.IOException e) {
                    return true;
                }
            }, Duration.ofMinutes(2), Duration.ofMillis(20));
        } catch (dev.benchhal.error.HalTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; it is " + describe(pid), e);
        }
    }

    private static String describe(long pid) {
        StringBuilder s = new StringBuilder();
        for (String file : List.of("stat", "cmdline", "wchan")) {
            try {
                s.append(file).append(": ").append(Files.readString(Path.of("/proc", Long.toString(pid), file)).replace('\0', ' ').trim()).append("; ");
            } catch (java.io.IOException e) {
                s.append(file).append(": ").append(e).append("; ");
            }
        }
        return s.toString();
    }
}
