package dev.benchhal.lab;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabSimulationTest {

    @Test
    void aThousandRunsOverFiftyBoardsAllRunAndNoBoardIsEverHeldTwice() {
        LabSimulation.Result result = LabWorkloads.simulation(LabWorkloads.boards(10), LabWorkloads.suite(45),
                Policy.criticalWorkFirst(), 1).run();

        assertThat(result.runs()).hasSize(5 * 45 * 3 + 9 * 15);
        assertThat(result.notRun()).isEmpty();
        Map<String, List<LabSimulation.RunRecord>> byBoard = new HashMap<>();
        result.runs().forEach(r -> r.run().boards().forEach(b -> byBoard.computeIfAbsent(b.id(), k -> new ArrayList<>()).add(r)));
        byBoard.forEach((board, runs) -> {
            runs.sort((x, y) -> x.start().compareTo(y.start()));
            for (int i = 1; i < runs.size(); i++) {
                assertThat(runs.get(i).start()).as(board + ": " + runs.get(i - 1).run() + " then " + runs.get(i).run())
                        .isGreaterThanOrEqualTo(runs.get(i - 1).end());
            }
        });
        // firmware first: no run starts before the first build (90 s) is done
        assertThat(result.runs()).allSatisfy(r -> assertThat(r.start()).isGreaterThanOrEqualTo(Duration.ofSeconds(90)));
    }

    @Test
    void theMakespanIsNeverBelowItsLowerBoundAndTheSameSeedGivesTheSameLab() {
        for (long seed = 1; seed <= 5; seed++) {
            for (Policy policy : List.of(Policy.priority(), Policy.criticalWorkFirst())) {
                LabSimulation.Result a = LabWorkloads.simulation(LabWorkloads.boards(2), LabWorkloads.suiteWithSoak(6), policy, seed).run();
                LabSimulation.Result b = LabWorkloads.simulation(LabWorkloads.boards(2), LabWorkloads.suiteWithSoak(6), policy, seed).run();
                assertThat(a.makespan()).isGreaterThanOrEqualTo(a.lowerBound());
                assertThat(a.makespan()).isEqualTo(b.makespan());
                assertThat(a.runs()).extracting(r -> r.run().id()).isEqualTo(b.runs().stream().map(r -> r.run().id()).toList());
            }
        }
    }

    @Test
    void criticalWorkFirstEndsWithinFivePercentOfTheBoundWhereTheSeedsPrioritiesLeaveTheSoakToTheEnd() {
        LabSimulation.Result greedy = LabWorkloads.simulation(LabWorkloads.boards(10), LabWorkloads.suiteWithSoak(45),
                Policy.priority(), 7).run();
        LabSimulation.Result critical = LabWorkloads.simulation(LabWorkloads.boards(10), LabWorkloads.suiteWithSoak(45),
                Policy.criticalWorkFirst(), 7).run();

        assertThat(critical.lowerBound()).isEqualTo(greedy.lowerBound());
        assertThat(critical.ratio()).isLessThanOrEqualTo(1.05);
        // the seed's rule starts the 45-minute soak runs last, and the lab waits for them
        assertThat(greedy.ratio()).isGreaterThan(1.15);
        assertThat(greedy.runs().get(greedy.runs().size() - 1).run().spec().name()).isEqualTo("RUN-SOAK");
    }

    @Test
    void workThatFlashesWaitsForItsFirmwareWhileOtherWorkRuns() {
        TestRunSpec flashes = TestRunSpec.named("FLASHES").needs(BoardNeed.ofType("b")).firmware("")
                .test(ctx -> { }).build();
        TestRunSpec plain = TestRunSpec.named("PLAIN").needs(BoardNeed.ofType("b")).test(ctx -> { }).build();
        // a build of ten years: the plain work runs at once, the flashing work the moment its firmware is there
        LabSimulation.Result r = LabSimulation.of(List.of(Board.of("x1", "T")), List.of(flashes, plain), Policy.priority(),
                DurationModel.expected(), (type, variant) -> Duration.ofDays(3650), 1, 1).run();
        assertThat(r.runs()).extracting(x -> x.run().id()).containsExactly("PLAIN[x1-T]", "FLASHES[x1-T]");
        assertThat(r.runs().get(1).start()).isEqualTo(Duration.ofDays(3650));
    }
}
