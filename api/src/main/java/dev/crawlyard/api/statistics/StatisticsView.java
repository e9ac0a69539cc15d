package dev.crawlyard.api.statistics;

import dev.crawlyard.api.tasks.TaskView;
import dev.crawlyard.store.statistics.HourBucket;
import dev.crawlyard.store.statistics.OutcomeCounts;
import dev.crawlyard.store.statistics.QueueDepth;
import dev.crawlyard.store.statistics.SpiderActivity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/statistics}.
 *
 * @param generatedAt when it was computed
 * @param overall     all spiders' ended tasks, per window ({@code 5m}, {@code 1h}, {@code 1d}, {@code all})
 * @param queues      the live tasks now: overall, and per node ({@code node} null: pending for any node)
 * @param spiders     a page of spiders, newest first, each with its windows, live tasks and newest task
 * @param totalSpiders how many spiders there are (or 1 for one spider's statistics)
 * @param running     the running tasks with their progress, newest first (at most 50)
 * @param lastDay     the tasks that ended in each of the last 24 hours, for a chart
 */
public record StatisticsView(Instant generatedAt, Map<String, OutcomeCounts> overall, Queues queues,
        List<SpiderStatistics> spiders, long totalSpiders, List<TaskView> running, List<HourBucket> lastDay) {

    /** The live tasks: in all, and on each node. */
    public record Queues(long pending, long preparing, long running, List<QueueDepth> nodes) {
    }

    /** One spider's figures. */
    public record SpiderStatistics(long id, String name, Map<String, OutcomeCounts> windows, QueueDepth live,
            SpiderActivity.LastTask lastTask) {
    }
}
