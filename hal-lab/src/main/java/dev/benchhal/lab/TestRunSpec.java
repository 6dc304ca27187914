package dev.benchhal.lab;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A test the lab may run, and the runs it wants over the boards the lab knows (the seed's {@code TestRunSpec}):
 * which boards it needs (one, or two against each other), what it covers ({@link Coverage}), the firmware it
 * flashes, its priority and how long a run takes. It never lists its runs up front: the scheduler asks it, from
 * the boards known and free now and the firmware built so far, which run could start ({@link #work},
 * {@link #pick}).
 *
 * <pre>{@code
 * TestRunSpec extmod = TestRunSpec.named("RUN-TESTS_EXTMOD_HARDWARE")
 *         .needs(BoardNeed.withCapabilities("board", "extmod"))
 *         .coverage(Coverage.EACH_BOARD_TYPE).firmware("")
 *         .priority(50).expectedDuration(Duration.ofMinutes(4))
 *         .test(ctx -> runTests(ctx.board("board"), ctx.directory()))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TestRunSpec {

    private final String name;
    private final int priority;
    private final List<BoardNeed> needs;
    private final Coverage coverage;
    private final int repeat;
    private final @Nullable String firmwareVariant;
    private final Duration expectedDuration;
    private final Duration timeLimit;
    private final LabTest test;

    private TestRunSpec(Builder b) {
        this.name = b.name;
        this.priority = b.priority;
        this.needs = List.copyOf(b.needs);
        this.coverage = b.coverage;
        this.repeat = b.repeat;
        this.firmwareVariant = b.firmwareVariant;
        this.expectedDuration = b.expectedDuration;
        this.timeLimit = b.timeLimit;
        this.test = Objects.requireNonNull(b.test, () -> "spec " + b.name + ": no test given");
    }

    /**
     * @param name the spec's name, which starts every run's id: {@code RUN-TESTS_EXTMOD_HARDWARE}; letters, digits,
     *             {@code . _ -}
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(Board.name("test run spec name", name));
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the priority: higher runs first under {@link Policy#priority()} */
    public int priority() {
        return priority;
    }

    /** @return the boards a run needs, in role order */
    public List<BoardNeed> needs() {
        return needs;
    }

    /** @return what the spec covers */
    public Coverage coverage() {
        return coverage;
    }

    /** @return how many runs each unit of coverage gets */
    public int repeat() {
        return repeat;
    }

    /** @return the firmware variant every board of a run is flashed with, or empty when the spec flashes nothing */
    public Optional<String> firmwareVariant() {
        return Optional.ofNullable(firmwareVariant);
    }

    /** @return how long a run is expected to take, before any run of this spec was seen */
    public Duration expectedDuration() {
        return expectedDuration;
    }

    /** @return the longest a run may take before it is stopped as {@link Outcome#TIMED_OUT} */
    public Duration timeLimit() {
        return timeLimit;
    }

    /** @return the test */
    public LabTest test() {
        return test;
    }

    /**
     * The units of work this spec wants over {@code known} boards: one per board type (or combination of types),
     * per board (or pair of boards), or one, each {@link #repeat()} times. Only units some set of distinct known
     * boards can serve are listed.
     *
     * @param known the boards the lab knows now, sorted or not
     * @return the work, in a stable order
     */
    public List<WorkItem> work(Collection<Board> known) {
        List<Board> boards = new ArrayList<>(new TreeSet<>(known));
        Set<List<String>> keys = new LinkedHashSet<>();
        collectKeys(boards, new ArrayList<>(), new ArrayList<>(), keys);
        List<WorkItem> items = new ArrayList<>();
        for (List<String> key : keys) {
            for (int i = 0; i < repeat; i++) {
                items.add(new WorkItem(name, key, i));
            }
        }
        return items;
    }

    private void collectKeys(List<Board> boards, List<Board> chosen, List<String> key, Set<List<String>> keys) {
        int need = chosen.size();
        if (need == needs.size()) {
            keys.add(List.copyOf(key));
            return;
        }
        for (Board board : boards) {
            if (!chosen.contains(board) && needs.get(need).fits(board)) {
                chosen.add(board);
                switch (coverage) {
                    case EACH_BOARD_TYPE -> key.add(board.type());
                    case EACH_BOARD -> key.add(board.id());
                    case ONCE -> { }
                }
                collectKeys(boards, chosen, key, keys);
                if (coverage != Coverage.ONCE) {
                    key.remove(key.size() - 1);
                }
                chosen.remove(chosen.size() - 1);
                if (coverage == Coverage.ONCE && !keys.isEmpty()) {
                    return;
                }
            }
        }
    }

    /**
     * Boards for one unit of work from the boards free now: distinct, each fitting its need and the unit's key,
     * the lowest board ids first.
     *
     * @param item a unit of {@link #work}
     * @param free the free boards, sorted by id
     * @return the boards in role order, or empty when the free boards cannot serve the unit now
     */
    public Optional<List<Board>> pick(WorkItem item, List<Board> free) {
        List<Board> chosen = new ArrayList<>(needs.size());
        return assign(item, free, chosen) ? Optional.of(List.copyOf(chosen)) : Optional.empty();
    }

    private boolean assign(WorkItem item, List<Board> free, List<Board> chosen) {
        int need = chosen.size();
        if (need == needs.size()) {
            return true;
        }
        for (Board board : free) {
            if (chosen.contains(board) || !needs.get(need).fits(board)) {
                continue;
            }
            String keyPart = coverage == Coverage.ONCE ? null : item.key().get(need);
            if ((coverage == Coverage.EACH_BOARD_TYPE && !board.type().equals(keyPart))
                    || (coverage == Coverage.EACH_BOARD && !board.id().equals(keyPart))) {
                continue;
            }
            chosen.add(board);
            if (assign(item, free, chosen)) {
                return true;
            }
            chosen.remove(chosen.size() - 1);
        }
        return false;
    }

    @Override
    public String toString() {
        return "TestRunSpec[" + name + " priority=" + priority + " needs=" + needs + " " + coverage
                + (repeat > 1 ? " x" + repeat : "") + (firmwareVariant == null ? "" : " firmware=" + FirmwareShelf.label("*", firmwareVariant)) + "]";
    }

    /** Builds a {@link TestRunSpec}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private int priority;
        private final List<BoardNeed> needs = new ArrayList<>();
        private Coverage coverage = Coverage.EACH_BOARD_TYPE;
        private int repeat = 1;
        private @Nullable String firmwareVariant;
        private Duration expectedDuration = Duration.ofMinutes(1);
        private Duration timeLimit = Duration.ofHours(1);
        private @Nullable LabTest test;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param value higher runs first under {@link Policy#priority()}; default 0
         * @return this builder
         */
        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        /**
         * @param boardNeeds the boards a run needs, one or two, with distinct roles
         * @return this builder
         */
        public Builder needs(BoardNeed... boardNeeds) {
            for (BoardNeed need : boardNeeds) {
                if (needs.stream().anyMatch(n -> n.role().equals(need.role()))) {
                    throw new IllegalArgumentException("spec " + name + ": board role " + need.role() + " given twice");
                }
                needs.add(need);
            }
            return this;
        }

        /**
         * @param value what the spec covers; default {@link Coverage#EACH_BOARD_TYPE}
         * @return this builder
         */
        public Builder coverage(Coverage value) {
            this.coverage = Objects.requireNonNull(value, "coverage");
            return this;
        }

        /**
         * @param times runs per unit of coverage, at least 1; default 1
         * @return this builder
         */
        public Builder repeat(int times) {
            if (times < 1) {
                throw new IllegalArgumentException("spec " + name + ": repeat must be at least 1, got " + times);
            }
            this.repeat = times;
            return this;
        }

        /**
         * @param variant the firmware variant every board of a run is flashed with ({@code ""} for the default
         *                build); a run starts only once it is built for each of its boards' types
         * @return this builder
         */
        public Builder firmware(String variant) {
            this.firmwareVariant = variant.isEmpty() ? "" : Board.name("firmware variant of spec " + name, variant);
            return this;
        }

        /**
         * @param value how long a run is expected to take (the scheduler learns the real figure as runs end); positive
         * @return this builder
         */
        public Builder expectedDuration(Duration value) {
            this.expectedDuration = positive("expected duration", value);
            return this;
        }

        /**
         * @param value how long a run may take before it is stopped; positive; default one hour
         * @return this builder
         */
        public Builder timeLimit(Duration value) {
            this.timeLimit = positive("time limit", value);
            return this;
        }

        /**
         * @param value the test a run executes
         * @return this builder
         */
        public Builder test(LabTest value) {
            this.test = Objects.requireNonNull(value, "test");
            return this;
        }

        /**
         * @return the spec
         * @throws IllegalArgumentException when no board need or more than two were given
         * @throws NullPointerException     when no test was given
         */
        public TestRunSpec build() {
            if (needs.isEmpty() || needs.size() > 2) {
                throw new IllegalArgumentException("spec " + name + ": a run needs one or two boards, got " + needs.size() + " needs");
            }
            return new TestRunSpec(this);
        }

        private Duration positive(String what, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("spec " + name + ": " + what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
