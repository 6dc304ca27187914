package dev.benchhal.lab;

/** What a {@link TestRunSpec} covers: how many runs it wants, over the boards the lab knows. */
public enum Coverage {
    /** One run per board type that fits (per combination of types for a test of two boards), on any board of it. */
    EACH_BOARD_TYPE,
    /** One run on every board that fits (every ordered pair of distinct boards for a test of two boards). */
    EACH_BOARD,
    /** One run in all, on any boards that fit. */
    ONCE
}
