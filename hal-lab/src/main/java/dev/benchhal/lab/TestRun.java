package dev.benchhal.lab;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One run of a spec on particular boards (the seed's {@code TestRun}), named as in the seed:
 * {@code RUN-TESTS_EXTMOD_HARDWARE[5f2c-RPI_PICO_W]}, or {@code RUN-MULTITESTS_MULTINET[1831-RPI_PICO_W,5f2c-ESP32]}
 * for two boards, with {@code #2}, {@code #3} for repetitions. The id names its result directory.
 *
 * @param spec     the spec
 * @param item     the unit of the spec's work it covers
 * @param boards   its boards in the spec's role order
 * @param firmware the firmware of each board, in the same order; empty when the spec flashes nothing
 */
public record TestRun(TestRunSpec spec, WorkItem item, List<Board> boards, List<Firmware> firmware) {

    /**
     * Validates the sizes.
     *
     * @param spec     the spec
     * @param item     the unit of the spec's work it covers
     * @param boards   its boards in the spec's role order
     * @param firmware the firmware of each board, in the same order; empty when the spec flashes nothing
     */
    public TestRun {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(item, "item");
        boards = List.copyOf(boards);
        firmware = List.copyOf(firmware);
        if (boards.size() != spec.needs().size()) {
            throw new IllegalArgumentException(spec.name() + ": " + spec.needs().size() + " boards needed, got " + boards.size());
        }
        if (!firmware.isEmpty() && firmware.size() != boards.size()) {
            throw new IllegalArgumentException(spec.name() + ": firmware for " + boards.size() + " boards, got " + firmware.size());
        }
    }

    /** @return the run's id, which is also its result directory's name */
    public String id() {
        StringBuilder id = new StringBuilder(spec.name()).append('[');
        for (int i = 0; i < boards.size(); i++) {
            Board board = boards.get(i);
            id.append(i == 0 ? "" : ",").append(board.id()).append('-')
                    .append(firmware.isEmpty() ? board.type() : firmware.get(i).label());
        }
        id.append(']');
        if (item.iteration() > 0) {
            id.append('#').append(item.iteration() + 1);
        }
        return id.toString();
    }

    /**
     * @param role a role of the spec's needs
     * @return the board in that role
     * @throws IllegalArgumentException for a role the spec does not have
     */
    public Board board(String role) {
        List<BoardNeed> needs = spec.needs();
        for (int i = 0; i < needs.size(); i++) {
            if (needs.get(i).role().equals(role)) {
                return boards.get(i);
            }
        }
        throw new IllegalArgumentException(id() + ": no board role \"" + role + "\"; roles: "
                + needs.stream().map(BoardNeed::role).collect(Collectors.joining(", ")));
    }

    /** @return the board ids */
    public List<String> boardIds() {
        return boards.stream().map(Board::id).toList();
    }

    @Override
    public String toString() {
        return id();
    }
}
