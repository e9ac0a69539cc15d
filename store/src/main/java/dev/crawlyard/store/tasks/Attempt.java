package dev.crawlyard.store.tasks;

import java.time.Instant;

/**
 * One run of a task on a node.
 *
 * @param attempt   its number, from 1
 * @param nodeKey   the node it ran on
 * @param startedAt when its node took it, or, once it ran, when its process started
 * @param endedAt   when it ended, or null while it runs
 * @param outcome   exited, timed_out, stopped, failed (a step failed), or lost (the node went away); null
 *                  while it runs
 * @param exitCode  the process's exit code, if it exited
 * @param error     what went wrong, or null
 */
public record Attempt(int attempt, String nodeKey, Instant startedAt, Instant endedAt, String outcome,
        Integer exitCode, String error) {
}
