package dev.crawlyard.store.statistics;

import java.time.Instant;
import java.util.Map;

/**
 * One spider's statistics.
 *
 * @param windows  what its tasks that ended in each window did
 * @param live     its tasks that have not ended
 * @param lastTask its newest task, or null if it has none
 */
public record SpiderActivity(long spiderId, String name, Map<Window, OutcomeCounts> windows, QueueDepth live,
        LastTask lastTask) {

    /** A spider's newest task. */
    public record LastTask(long id, String status, Instant createdAt, Instant finishedAt) {
    }
}
