package dev.crawlyard.store.statistics;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Statistics over the {@code tasks} table: the recent windows from the tasks that ended in the last
 * day (index {@code tasks_finished}), all time from the running totals in {@code spider_task_totals},
 * the queues from the live tasks (index {@code tasks_status_created}). Windows are measured by the
 * database's clock and count a task when it ends, with all of its items.
 */
public class StatisticsStore {

    private static final String LIVE = "('pending', 'preparing', 'running')";

    private final JdbcClient jdbc;

    public StatisticsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the ended tasks of each spider (of one, if {@code spiderId} is not null) did, per window. */
    public Map<Long, Map<Window, OutcomeCounts>> ended(Long spiderId) {
        Map<Long, Map<Window, OutcomeCounts>> bySpider = new HashMap<>();
        jdbc.sql("""
                        SELECT spider_id, status,
                            count(*) FILTER (WHERE finished_at >= now() - interval '5 minutes') AS tasks_5m,
                            COALESCE(sum(items_count) FILTER (WHERE finished_at >= now() - interval '5 minutes'), 0) AS items_5m,
                            COALESCE(sum(errors_reported) FILTER (WHERE finished_at >= now() - interval '5 minutes'), 0) AS errors_5m,
                            COALESCE(sum(warnings) FILTER (WHERE finished_at >= now() - interval '5 minutes'), 0) AS warnings_5m,
                            count(*) FILTER (WHERE finished_at >= now() - interval '1 hour') AS tasks_1h,
                            COALESCE(sum(items_count) FILTER (WHERE finished_at >= now() - interval '1 hour'), 0) AS items_1h,
                            COALESCE(sum(errors_reported) FILTER (WHERE finished_at >= now() - interval '1 hour'), 0) AS errors_1h,
                            COALESCE(sum(warnings) FILTER (WHERE finished_at >= now() - interval '1 hour'), 0) AS warnings_1h,
                            count(*) AS tasks_1d, sum(items_count) AS items_1d, sum(errors_reported) AS errors_1d,
                            sum(warnings) AS warnings_1d
                        FROM tasks
                        WHERE finished_at >= now() - interval '1 day'
                            AND (CAST(:spider AS BIGINT) IS NULL OR spider_id = :spider)
                        GROUP BY spider_id, status""")
                .param("spider", spiderId)
                .query((ResultSet rs) -> {
                    Map<Window, OutcomeCounts> windows = windowsOf(bySpider, rs.getLong("spider_id"));
                    String status = rs.getString("status");
                    for (String suffix : List.of("5m", "1h", "1d")) {
                        Window window = suffix.equals("5m") ? Window.FIVE_MINUTES : suffix.equals("1h") ? Window.HOUR : Window.DAY;
                        long tasks = rs.getLong("tasks_" + suffix);
                        if (tasks > 0) {
                            windows.merge(window, OutcomeCounts.NONE.plus(status, tasks, rs.getLong("items_" + suffix),
                                    rs.getLong("errors_" + suffix), rs.getLong("warnings_" + suffix)), StatisticsStore::sum);
                        }
                    }
                });
        jdbc.sql("""
                        SELECT spider_id, status, tasks, items, errors, warnings FROM spider_task_totals
                        WHERE tasks <> 0 AND (CAST(:spider AS BIGINT) IS NULL OR spider_id = :spider)""")
                .param("spider", spiderId)
                .query((ResultSet rs) -> {
                    windowsOf(bySpider, rs.getLong("spider_id")).merge(Window.ALL, OutcomeCounts.NONE.plus(
                            rs.getString("status"), rs.getLong("tasks"), rs.getLong("items"), rs.getLong("errors"),
                            rs.getLong("warnings")), StatisticsStore::sum);
                });
        return bySpider;
    }

    /** The tasks that have not ended, of each spider (of one, if {@code spiderId} is not null) on each node. */
    public List<LiveGroup> live(Long spiderId) {
        return jdbc.sql("SELECT spider_id, COALESCE(node_key, pinned_node) AS node, status, count(*) AS tasks"
                        + " FROM tasks WHERE status IN " + LIVE
                        + " AND (CAST(:spider AS BIGINT) IS NULL OR spider_id = :spider) GROUP BY 1, 2, 3")
                .param("spider", spiderId)
                .query((rs, row) -> new LiveGroup(rs.getLong("spider_id"), rs.getString("node"), rs.getString("status"),
                        rs.getLong("tasks")))
                .list();
    }

    /** A count of live tasks of one spider, on one node (null: not on one yet), in one status. */
    public record LiveGroup(long spiderId, String node, String status, long tasks) {
    }

    /** The queues: overall first (node null), then per node in the order of their keys. */
    public static List<QueueDepth> queues(List<LiveGroup> live) {
        QueueDepth overall = new QueueDepth(null, 0, 0, 0);
        Map<String, QueueDepth> nodes = new java.util.TreeMap<>();
        for (LiveGroup group : live) {
            overall = overall.plus(group.status(), group.tasks());
            String key = group.node() == null ? "" : group.node();
            nodes.put(key, nodes.getOrDefault(key, new QueueDepth(group.node(), 0, 0, 0)).plus(group.status(), group.tasks()));
        }
        List<QueueDepth> all = new ArrayList<>();
        all.add(overall);
        all.addAll(nodes.values());
        return all;
    }

    /** Each spider's live tasks in all. */
    public static Map<Long, QueueDepth> liveBySpider(List<LiveGroup> live) {
        Map<Long, QueueDepth> bySpider = new HashMap<>();
        for (LiveGroup group : live) {
            bySpider.put(group.spiderId(), bySpider.getOrDefault(group.spiderId(), new QueueDepth(null, 0, 0, 0))
                    .plus(group.status(), group.tasks()));
        }
        return bySpider;
    }

    /** A page of spiders, newest first (or the one spider), with the newest task of each. */
    public Map<Long, SpiderActivity> spiders(Long spiderId, int page, int size) {
        Map<Long, SpiderActivity> spiders = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT s.id, s.name, t.id AS task_id, t.status, t.created_at, t.finished_at FROM spiders s
                        LEFT JOIN LATERAL (SELECT id, status, created_at, finished_at FROM tasks
                            WHERE spider_id = s.id ORDER BY id DESC LIMIT 1) t ON true
                        WHERE CAST(:spider AS BIGINT) IS NULL OR s.id = :spider
                        ORDER BY s.id DESC LIMIT :size OFFSET :offset""")
                .param("spider", spiderId)
                .param("size", size)
                .param("offset", (long) page * size)
                .query((ResultSet rs) -> {
                    long task = rs.getLong("task_id");
                    SpiderActivity.LastTask last = rs.wasNull() ? null : new SpiderActivity.LastTask(task,
                            rs.getString("status"), instant(rs.getTimestamp("created_at")),
                            instant(rs.getTimestamp("finished_at")));
                    spiders.put(rs.getLong("id"), new SpiderActivity(rs.getLong("id"), rs.getString("name"), Map.of(),
                            null, last));
                });
        return spiders;
    }

    /** The tasks that ended in each of the last 24 hours (the current one included), oldest first; empty hours too. */
    public List<HourBucket> lastDayByHour(Long spiderId) {
        // One range scan of the index, grouped; a join with a series of hours would make the planner's
        // generic plan (after a few runs of the prepared statement) scan every task once an hour.
        Instant now = jdbc.sql("SELECT date_trunc('hour', now())").query(Timestamp.class).single().toInstant();
        Map<Instant, HourBucket> found = new HashMap<>();
        jdbc.sql("""
                        SELECT date_trunc('hour', finished_at) AS hour, count(*) AS tasks,
                            count(*) FILTER (WHERE status IN ('error', 'timed_out', 'abnormal')) AS failed,
                            sum(items_count) AS items
                        FROM tasks
                        WHERE finished_at >= CAST(:from AS TIMESTAMPTZ)
                            AND (CAST(:spider AS BIGINT) IS NULL OR spider_id = :spider)
                        GROUP BY 1""")
                .param("from", Timestamp.from(now.minus(java.time.Duration.ofHours(23))))
                .param("spider", spiderId)
                .query((ResultSet rs) -> {
                    Instant hour = instant(rs.getTimestamp("hour"));
                    found.put(hour, new HourBucket(hour, rs.getLong("tasks"), rs.getLong("failed"), rs.getLong("items")));
                });
        List<HourBucket> hours = new ArrayList<>();
        for (int back = 23; back >= 0; back--) {
            Instant hour = now.minus(java.time.Duration.ofHours(back));
            hours.add(found.getOrDefault(hour, new HourBucket(hour, 0, 0, 0)));
        }
        return hours;
    }

    private static Map<Window, OutcomeCounts> windowsOf(Map<Long, Map<Window, OutcomeCounts>> bySpider, long spider) {
        return bySpider.computeIfAbsent(spider, id -> new EnumMap<>(Window.class));
    }

    /** Two counts added up. */
    public static OutcomeCounts sum(OutcomeCounts a, OutcomeCounts b) {
        OutcomeCounts sum = a;
        for (Map.Entry<String, Long> outcome : b.outcomes().entrySet()) {
            sum = sum.plus(outcome.getKey(), outcome.getValue(), 0, 0, 0);
        }
        return new OutcomeCounts(sum.tasks(), sum.outcomes(), a.items() + b.items(), a.errors() + b.errors(),
                a.warnings() + b.warnings());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

}
