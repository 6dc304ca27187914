package dev.benchhal.lab;

import dev.benchhal.core.time.Await;
import dev.benchhal.harness.RecordLog;
import dev.benchhal.lab.lease.PrivatePostgres;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight schedulers in eight processes share sixteen boards through a real PostgreSQL; one of them is killed in the
 * middle of a run. No board is ever held by two runs at once, the killed scheduler's boards come back at once, its
 * test process dies with it, and the seven others run all their work.
 */
class LabContentionTest {

    private static PrivatePostgres db;

    @TempDir
    Path results;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = PrivatePostgres.shared();
    }

    @Test
    void eightSchedulersShareSixteenBoardsAndSurviveOneOfThemBeingKilled() throws Exception {
        int boards = 16;
        String marker = "benchhal-contention-" + ProcessHandle.current().pid();
        List<Process> schedulers = new ArrayList<>();
        List<Long> victimsTests;
        try {
            // the victim's runs hang until it is killed; the others' take 10 to 40 ms
            schedulers.add(scheduler("victim", boards, "sh", "-c", "sleep 300; : " + marker));
            for (int i = 1; i < 8; i++) {
                schedulers.add(scheduler("s" + i, boards, "sh", "-c", "sleep 0.0" + (1 + i % 4)));
            }
            long victim = schedulers.get(0).pid();
            victimsTests = Await.until(BenchClock.system(), "the victim's test process to start",
                    () -> processesWith(marker, victim), pids -> !pids.isEmpty(), Duration.ofMinutes(2), Duration.ofMillis(20));
            schedulers.get(0).destroyForcibly();
            assertThat(schedulers.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();

            for (int i = 1; i < 8; i++) {
                Process p = schedulers.get(i);
                String last = lastLine(p);
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                assertThat(last).as("scheduler s" + i + " ran every board and left nothing out").isEqualTo("DONE " + boards + " 0");
            }
        } finally {
            schedulers.forEach(Process::destroyForcibly);
        }
        // the victim's test died with it: its session was killed when the victim's end closed the wrapper's input
        for (long pid : victimsTests) {
            LabSchedulerTest.awaitGone(pid);
        }
        assertNoBoardWasHeldTwice();
    }

    private void assertNoBoardWasHeldTwice() throws IOException {
        record Hold(String board, Instant start, Instant end, long token, String run) {
        }
        Map<String, Instant> starts = new HashMap<>();
        List<Hold> holds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("records.jsonl")
                    && f.getParent().getParent().equals(results)).toList()) {
                for (Map<String, Object> r : RecordLog.read(file).records()) {
                    String key = file.getParent().getFileName() + "/" + r.get("run");
                    Instant at = Instant.parse((String) r.get("at"));
                    if ("start".equals(r.get("event"))) {
                        starts.put(key, at);
                    } else {
                        for (Object board : (List<?>) r.get("boards")) {
                            holds.add(new Hold((String) board, starts.get(key), at, ((Number) r.get("token")).longValue(), key));
                        }
                    }
                }
            }
        }
        assertThat(holds).hasSize(7 * 16);
        Map<String, List<Hold>> byBoard = new HashMap<>();
        holds.forEach(h -> byBoard.computeIfAbsent(h.board(), b -> new ArrayList<>()).add(h));
        byBoard.forEach((board, list) -> {
            list.sort((a, b) -> a.start().compareTo(b.start()));
            for (int i = 1; i < list.size(); i++) {
                Hold before = list.get(i - 1);
                Hold after = list.get(i);
                assertThat(after.start()).as(board + ": " + after.run() + " started while " + before.run() + " held it").isAfter(before.end());
                assertThat(after.token()).as(board + ": fencing tokens grow").isGreaterThan(before.token());
            }
        });
    }

    private Process scheduler(String name, int boards, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LabSchedulerMain.class.getName(),
                db.jdbcUrl(), PrivatePostgres.USER, results.resolve(name).toString(), name, Integer.toString(boards)));
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(results.resolve(name + ".stderr").toFile());
        builder.environment().put("BENCHHAL_TEST_PGPASSWORD", db.credentials().getProperty("password"));
        return builder.start();
    }

    private static String lastLine(Process p) throws IOException {
        String last = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                last = line;
            }
        }
        return last;
    }

    /** The processes whose command line holds {@code marker}, but {@code except}. */
    private static List<Long> processesWith(String marker, long except) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> !p.getFileName().toString().equals(Long.toString(except))).toList()) {
                try {
                    if (new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).contains(marker)) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pids;
    }
}
