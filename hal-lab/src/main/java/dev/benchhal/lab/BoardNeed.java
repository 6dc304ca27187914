package dev.benchhal.lab;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One board a test run needs, by role: a single-board test has one need, a test of two boards against each
 * other (WLAN station against access point) two.
 *
 * @param role         the board's role in the test, for example {@code board}, {@code sta}, {@code ap}
 * @param types        the board types that fit; empty for any type
 * @param capabilities what the board must offer (all of them); empty for nothing in particular
 */
public record BoardNeed(String role, Set<String> types, Set<String> capabilities) {

    /**
     * Validates; the sets are copied.
     *
     * @param role         the board's role in the test, for example {@code board}, {@code sta}, {@code ap}
     * @param types        the board types that fit; empty for any type
     * @param capabilities what the board must offer (all of them); empty for nothing in particular
     */
    public BoardNeed {
        role = Board.name("board role", role);
        types = Set.copyOf(new TreeSet<>(Objects.requireNonNull(types, "types")));
        capabilities = Set.copyOf(new TreeSet<>(Objects.requireNonNull(capabilities, "capabilities")));
    }

    /**
     * @param role  the board's role in the test
     * @param types the board types that fit; none for any type
     * @return a need for one board of those types
     */
    public static BoardNeed ofType(String role, String... types) {
        return new BoardNeed(role, Set.of(types), Set.of());
    }

    /**
     * @param role         the board's role in the test
     * @param capabilities what the board must offer
     * @return a need for one board of any type with those capabilities
     */
    public static BoardNeed withCapabilities(String role, String... capabilities) {
        return new BoardNeed(role, Set.of(), Set.of(capabilities));
    }

    /**
     * @param board a board
     * @return whether it fits this need
     */
    public boolean fits(Board board) {
        return (types.isEmpty() || types.contains(board.type())) && board.capabilities().containsAll(capabilities);
    }
}
