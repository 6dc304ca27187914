package dev.benchhal.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated labs of the scheduler's tests and benchmarks: fifty boards of five types (three with WLAN), the
 * seed's kinds of tests, about a thousand runs.
 */
public final class LabWorkloads {

    private static final LabTest NOTHING = ctx -> { };
    private static final String[] TYPES = {"RPI_PICO_W", "RPI_PICO2", "ESP32", "TEENSY40", "PYBV11"};

    private LabWorkloads() {
    }

    /**
     * @param perType boards of each of the five types
     * @return the boards; the first three types have WLAN
     */
    public static List<Board> boards(int perType) {
        List<Board> boards = new ArrayList<>();
        for (int t = 0; t < TYPES.length; t++) {
            for (int i = 0; i < perType; i++) {
                String id = String.format("%c%03d", (char) ('a' + t), i);
                boards.add(t < 3 ? Board.of(id, TYPES[t], "wlan") : Board.of(id, TYPES[t]));
            }
        }
        return boards;
    }

    /**
     * The seed's suite, each single-board spec on every board type {@code repeat} times, the two-board network test
     * on every pair of WLAN types a third as often: with {@code repeat} 56, 1,002 runs.
     *
     * @param repeat runs of each spec per board type
     * @return the specs, priorities as the seed would give them (short, important tests first)
     */
    public static List<TestRunSpec> suite(int repeat) {
        List<TestRunSpec> specs = new ArrayList<>();
        specs.add(single("RUN-PERFBENCH", 40, Duration.ofSeconds(40), repeat));
        specs.add(single("RUN-TESTS_EXTMOD_HARDWARE", 30, Duration.ofMinutes(2), repeat));
        specs.add(single("RUN-TESTS_STANDARD", 20, Duration.ofMinutes(6), repeat));
        specs.add(TestRunSpec.named("RUN-MULTITESTS_MULTINET").priority(10).coverage(Coverage.EACH_BOARD_TYPE)
                .needs(BoardNeed.withCapabilities("sta", "wlan"), BoardNeed.withCapabilities("ap", "wlan"))
                .firmware("").repeat(Math.max(1, repeat / 3)).expectedDuration(Duration.ofMinutes(3)).test(NOTHING).build());
        return specs;
    }

    /**
     * The suite with a soak test per board type that the seed's priorities would start last: 45 minutes, four per type.
     *
     * @param repeat as for {@link #suite(int)}
     * @return the specs
     */
    public static List<TestRunSpec> suiteWithSoak(int repeat) {
        List<TestRunSpec> specs = new ArrayList<>(suite(repeat));
        specs.add(single("RUN-SOAK", 1, Duration.ofMinutes(45), 4));
        return specs;
    }

    private static TestRunSpec single(String name, int priority, Duration expected, int repeat) {
        return TestRunSpec.named(name).priority(priority).coverage(Coverage.EACH_BOARD_TYPE).needs(BoardNeed.ofType("board"))
                .firmware("").repeat(repeat).expectedDuration(expected).test(NOTHING).build();
    }

    /**
     * @param boards the boards
     * @param specs  the specs
     * @param policy the policy
     * @param seed   the seed
     * @return the simulation: log-normal run times (sigma 0.5), firmware builds of 90 s, two at a time
     */
    public static LabSimulation simulation(List<Board> boards, List<TestRunSpec> specs, Policy policy, long seed) {
        return LabSimulation.of(boards, specs, policy, DurationModel.logNormal(0.5), (type, variant) -> Duration.ofSeconds(90), 2, seed);
    }
}
