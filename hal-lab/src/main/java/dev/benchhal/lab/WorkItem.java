package dev.benchhal.lab;

import java.util.List;

/**
 * One unit of a spec's work: what a run covers (board types, board ids, or nothing in particular) and which
 * repetition it is.
 *
 * @param spec      the spec's name
 * @param key       board types ({@link Coverage#EACH_BOARD_TYPE}) or board ids ({@link Coverage#EACH_BOARD}), one
 *                  per need; empty for {@link Coverage#ONCE}
 * @param iteration 0 for the first run of the key, counting up for repetitions
 */
public record WorkItem(String spec, List<String> key, int iteration) {

    /**
     * Copies the key.
     *
     * @param spec      the spec's name
     * @param key       board types ({@link Coverage#EACH_BOARD_TYPE}) or board ids ({@link Coverage#EACH_BOARD}), one
     *                  per need; empty for {@link Coverage#ONCE}
     * @param iteration 0 for the first run of the key, counting up for repetitions
     */
    public WorkItem {
        key = List.copyOf(key);
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must not be negative, got " + iteration);
        }
    }

    @Override
    public String toString() {
        return spec + key + (iteration == 0 ? "" : "#" + (iteration + 1));
    }
}
