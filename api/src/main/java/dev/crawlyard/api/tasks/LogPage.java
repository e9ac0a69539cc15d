package dev.crawlyard.api.tasks;

import java.time.Instant;
import java.util.List;

/**
 * A page of a task's log. To follow a running task, ask again with {@code after=next} until
 * {@code complete} is true.
 *
 * @param taskId   the task
 * @param lines    the lines, in order
 * @param next     the sequence number to pass as {@code after} for the following page
 * @param complete true when the task has ended and this page reaches the end of its log
 */
public record LogPage(long taskId, List<Line> lines, long next, boolean complete) {

    /** One log line. */
    public record Line(long seq, Instant ts, String stream, String line) {
    }
}
