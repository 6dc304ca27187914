package dev.benchhal.harness;

/**
 * One failure of one path, where it happened.
 *
 * @param path      the path
 * @param iteration the iteration, from 1
 * @param phase     the phase that failed, or {@code cycle} when the failure was outside any phase
 * @param message   one line: what was expected and what came
 * @param error     the exception
 */
public record Failure(String path, int iteration, String phase, String message, Throwable error) {

    @Override
    public String toString() {
        return path + " #" + iteration + " " + phase + ": " + message;
    }
}
