package dev.benchhal.harness;

import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignTest {

    @TempDir
    Path dir;

    private final VirtualClock clock = VirtualClock.autoAdvancing();

    private Campaign.Builder campaign(String... paths) {
        return Campaign.named("hotswap").paths(List.of(paths)).clock(clock).directory(dir);
    }

    @Test
    void everyPathCyclesAtOnceEachIterationInVirtualTime() {
        Map<String, Integer> cycles = new ConcurrentHashMap<>();
        CampaignResult result = campaign("rrh1", "rrh2", "rrh3", "rrh4").iterations(3).build().run(cycle -> {
            cycle.step("power-off", () -> cycle.clock().sleep(Duration.ofSeconds(2)));
            cycle.step("power-on", () -> cycle.clock().sleep(Duration.ofSeconds(3)));
            cycle.note("linkWidth", 4);
            cycles.merge(cycle.path(), 1, Integer::sum);
        });

        assertThat(result.passed()).isTrue();
        assertThat(result.cycles()).isEqualTo(12);
        // the four paths' cycles overlap: three iterations of five seconds, not twelve
        assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(15));
        assertThat(cycles).containsOnlyKeys("rrh1", "rrh2", "rrh3", "rrh4").allSatisfy((p, n) -> assertThat(n).isEqualTo(3));
        List<Map<String, Object>> records = RecordLog.read(dir.resolve("records.jsonl")).records();
        assertThat(records).filteredOn(r -> "phase".equals(r.get("event"))).hasSize(24)
                .allSatisfy(r -> assertThat(r.get("ok")).isEqualTo(true));
        assertThat(records).filteredOn(r -> "cycle".equals(r.get("event"))).hasSize(12)
                .allSatisfy(r -> {
                    assertThat(r.get("ms")).isEqualTo(5000);
                    assertThat(r.get("linkWidth")).isEqualTo(4);
                });
        assertThat(records.get(0)).containsEntry("event", "campaign-start");
        assertThat(records.get(records.size() - 1)).containsEntry("event", "campaign-end").containsEntry("failures", 0);
    }

    @Test
    void everyFailureOfEveryPathIsReportedWithItsPathIterationAndPhase() {
        CampaignResult result = campaign("rrh1", "rrh2", "rrh3").iterations(3).build().run(cycle -> {
            cycle.step("power-off", () -> cycle.clock().sleep(Duration.ofSeconds(1)));
            cycle.step("wait-vanish", () -> {
                if (cycle.path().equals("rrh2") && cycle.iteration() == 2) {
                    throw new IllegalStateException("0000:03:00.0 still present after 10 s");
                }
                if (cycle.path().equals("rrh3") && cycle.iteration() == 2) {
                    throw new AssertionError("link width 2, expected 4");
                }
            });
        });

        assertThat(result.passed()).isFalse();
        assertThat(result.cycles()).isEqualTo(9);
        assertThat(result.failures()).extracting(Failure::toString).containsExactlyInAnyOrder(
                "rrh2 #2 wait-vanish: 0000:03:00.0 still present after 10 s",
                "rrh3 #2 wait-vanish: link width 2, expected 4");
        assertThat(RecordLog.read(dir.resolve("records.jsonl")).records())
                .filteredOn(r -> "cycle".equals(r.get("event")) && Boolean.FALSE.equals(r.get("ok")))
                .extracting(r -> r.get("path") + " " + r.get("failedPhase"))
                .containsExactlyInAnyOrder("rrh2 wait-vanish", "rrh3 wait-vanish");
    }

    @Test
    void failFastCancelsTheOtherPathsAndEndsAfterThatIteration() {
        AtomicInteger cycles = new AtomicInteger();
        CampaignResult result = campaign("rrh1", "rrh2").iterations(5).failFast(true).build().run(cycle -> {
            cycles.incrementAndGet();
            if (cycle.path().equals("rrh1")) {
                cycle.step("soak", () -> cycle.clock().sleep(Duration.ofHours(1)));
            } else {
                cycle.step("power-off", () -> {
                    throw new IllegalStateException("hub port 3 did not switch off");
                });
            }
        });

        assertThat(result.stopped()).isTrue();
        // only the first iteration began (rrh1 may have been cancelled before its cycle began)
        assertThat(cycles.get()).isBetween(1, 2);
        assertThat(result.failures()).extracting(Failure::toString).containsExactly("rrh2 #1 power-off: hub port 3 did not switch off");
        // rrh1 was cancelled, not failed, and not an hour later
        assertThat(result.elapsed()).isLessThan(Duration.ofHours(1));
    }

    @Test
    void stopEndsTheCampaignAndTheSafeStateIsRestoredWhateverHappened() throws Exception {
        CountDownLatch cycling = new CountDownLatch(2);
        AtomicInteger safeStates = new AtomicInteger();
        Campaign campaign = Campaign.named("soak").paths(List.of("rrh1", "rrh2")).iterations(1000).directory(dir)
                .safeState(safeStates::incrementAndGet).build();
        Thread operator = new Thread(() -> {
            try {
                cycling.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            campaign.stop();
        });
        operator.start();

        CampaignResult result = campaign.run(cycle -> {
            cycling.countDown();
            new CountDownLatch(1).await();
        });

        operator.join();
        assertThat(result.stopped()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.cycles()).isEqualTo(2);
        assertThat(safeStates).hasValue(1);

        CampaignResult broken = Campaign.named("x").paths(List.of("p")).directory(dir.resolve("x"))
                .safeState(() -> {
                    throw new IllegalStateException("port 2 did not power on");
                }).build().run(cycle -> { });
        assertThat(broken.failures()).extracting(Failure::toString).containsExactly("* #0 safe-state: port 2 did not power on");
    }

    @Test
    void aResumedCampaignRunsOnlyTheCyclesThatHadNotEnded() throws IOException {
        // a campaign that crashed in iteration 2: rrh1 had ended its cycle, rrh2 had not
        Files.writeString(dir.resolve("records.jsonl"), """
                {"event":"campaign-start","campaign":"hotswap"}
                {"event":"cycle","campaign":"hotswap","path":"rrh1","iteration":1,"ok":true}
                {"event":"cycle","campaign":"hotswap","path":"rrh2","iteration":1,"ok":false}
                {"event":"cycle","campaign":"hotswap","path":"rrh1","iteration":2,"ok":true}
                {"event":"phase","campaign":"hotswap","path":"rrh2","iteration":2,"phase":"power-of""");
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        CampaignResult result = campaign("rrh1", "rrh2").iterations(3).resume(true).build()
                .run(cycle -> ran.add(cycle.path() + "#" + cycle.iteration()));

        assertThat(ran).containsExactlyInAnyOrder("rrh2#2", "rrh1#3", "rrh2#3");
        assertThat(result.skipped()).isEqualTo(3);
        assertThat(result.cycles()).isEqualTo(3);
        RecordLog.Contents contents = RecordLog.read(dir.resolve("records.jsonl"));
        assertThat(contents.skippedLines()).containsExactly(5);
        assertThat(contents.records()).filteredOn(r -> "cycle".equals(r.get("event"))).hasSize(6);
    }

    @Test
    void refusesWhatCannotBeRun() {
        assertThatThrownBy(() -> Campaign.named("x").directory(dir).build()).hasMessageContaining("no paths");
        assertThatThrownBy(() -> Campaign.named("x").paths(List.of("a", "a"))).hasMessageContaining("path a given twice");
        assertThatThrownBy(() -> Campaign.named("x y")).hasMessageContaining("campaign name");
        assertThatThrownBy(() -> campaign("a").iterations(0)).hasMessageContaining("at least 1");
        CampaignResult r = campaign("a").build().run(cycle -> cycle.note("ok", false));
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains("would overwrite"));
    }

    @Test
    void progressAsLogLinesCountsEveryStepAndFailure() {
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void start(String what, long total) {
                steps.add("start " + what + " " + total);
            }

            @Override
            public void step(String label, boolean passed) {
                steps.add(label + (passed ? "" : " failed"));
            }

            @Override
            public void close() {
                steps.add("close");
            }
        };
        campaign("rrh1", "rrh2").iterations(2).progress(recording).build().run(cycle -> {
            if (cycle.iteration() == 2 && cycle.path().equals("rrh2")) {
                throw new IllegalStateException("boom");
            }
        });
        assertThat(steps).hasSize(6).startsWith("start hotswap cycles 4").endsWith("close").contains("rrh2 #2 failed", "rrh1 #1");
    }
}
