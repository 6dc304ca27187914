package dev.benchhal.lab;

/**
 * Work that never started, and why: nothing is lost silently.
 *
 * @param item   the unit of work
 * @param reason one line: its firmware failed to build, the lab was stopped, its boards stayed held by others
 */
public record NotRun(WorkItem item, String reason) {
}
