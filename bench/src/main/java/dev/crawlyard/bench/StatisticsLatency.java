package dev.crawlyard.bench;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statistics endpoint's latency over a large history: 1,000,000 ended tasks of 100 spiders
 * spread over the last 30 days (and 200 live ones), with 10 items each (10,000,000 rows in
 * {@code items}), written by {@code generate_series} in SQL once per platform. Each run then times
 * {@code GET /api/statistics} (all spiders) and {@code GET /api/statistics?spider=} through HTTP;
 * the ceiling is {@code GET /api/health} (one query) on the same connection.
 */
final class StatisticsLatency implements Scenario {

    private static final String MARK = "bench-statistics";
    private static final int SPIDERS = 100;

    private final int tasks;
    private final int itemsPerTask;
    private final int calls;

    StatisticsLatency(int tasks, int itemsPerTask, int calls) {
        this.tasks = tasks;
        this.itemsPerTask = itemsPerTask;
        this.calls = calls;
    }

    @Override
    public String name() {
        return "statistics";
    }

    @Override
    public List<Figure> run(Platform platform) {
        JdbcTemplate jdbc = platform.jdbc();
        double fillSeconds = fill(jdbc);
        long firstSpider = jdbc.queryForObject("SELECT min(id) FROM spiders WHERE name LIKE '" + MARK + "-%'", Long.class);
        for (int i = 0; i < 5; i++) {
            platform.get("/api/statistics");
        }
        List<Double> overall = new ArrayList<>();
        List<Double> oneSpider = new ArrayList<>();
        List<Double> health = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            overall.add(time(() -> platform.get("/api/statistics")));
            long spider = firstSpider + (i % SPIDERS);
            oneSpider.add(time(() -> platform.get("/api/statistics?spider=" + spider)));
            health.add(time(() -> platform.get("/api/health")));
        }
        Stats all = Stats.of(overall);
        Stats one = Stats.of(oneSpider);
        Stats ceiling = Stats.of(health);
        long rows = jdbc.queryForObject("SELECT count(*) FROM tasks", Long.class);
        String note = calls + " calls after 5 warm-up ones; " + rows + " tasks and " + ((long) tasks * itemsPerTask)
                + " items in the tables" + (Double.isNaN(fillSeconds) ? "" : ", filled in " + Math.round(fillSeconds) + " s")
                + "; ceiling: GET /api/health";
        return List.of(
                new Figure(name(), "all spiders p95 ms", all.p95(), ceiling.p95(), "<= 200 ms",
                        note + "; p50 " + round(all.p50()) + " ms, max " + round(all.max()) + " ms"),
                new Figure(name(), "one spider p95 ms", one.p95(), ceiling.p95(), "<= 200 ms",
                        "p50 " + round(one.p50()) + " ms, max " + round(one.max()) + " ms"));
    }

    /** Writes the history once; returns how long it took, or NaN if it was there already. */
    private double fill(JdbcTemplate jdbc) {
        Long present = jdbc.queryForObject("SELECT count(*) FROM spiders WHERE name LIKE '" + MARK + "-%'", Long.class);
        if (present != null && present > 0) {
            return Double.NaN;
        }
        long start = System.nanoTime();
        jdbc.execute("INSERT INTO spiders (name, command) SELECT '" + MARK + "-' || g, 'true' FROM generate_series(1, "
                + SPIDERS + ") g");
        // Ended tasks, one every 30 days / tasks, newest first; one in 20 an error, one in 50 cancelled.
        jdbc.execute("""
                INSERT INTO tasks (spider_id, status, command, node_key, created_at, started_at, finished_at,
                    items_count, log_lines, warnings, errors_reported)
                SELECT s.first + g %% %d,
                    CASE WHEN g %% 20 = 0 THEN 'error' WHEN g %% 50 = 1 THEN 'cancelled' ELSE 'finished' END,
                    '%s', 'node-' || g %% 4, f - interval '30 seconds', f - interval '25 seconds', f,
                    %d, 20, g %% 3, CASE WHEN g %% 20 = 0 THEN 1 ELSE 0 END
                FROM (SELECT min(id) AS first FROM spiders WHERE name LIKE '%s-%%') s,
                    generate_series(1, %d) g,
                    LATERAL (SELECT now() - g * (interval '30 days' / %d) AS f) t
                """.formatted(SPIDERS, MARK, itemsPerTask, MARK, tasks, tasks));
        jdbc.execute("""
                INSERT INTO tasks (spider_id, status, command, node_key, created_at, started_at, progress_current,
                    progress_total, progress_percentage)
                SELECT s.first + g %% %d, CASE WHEN g %% 2 = 0 THEN 'running' ELSE 'pending' END, '%s',
                    CASE WHEN g %% 2 = 0 THEN 'node-' || g %% 4 END, now(), now(), g, 200, g / 2.0
                FROM (SELECT min(id) AS first FROM spiders WHERE name LIKE '%s-%%') s, generate_series(1, 200) g
                """.formatted(SPIDERS, MARK, MARK));
        jdbc.execute("INSERT INTO items (task_id, attempt, seq, spider_id, data)"
                + " SELECT t.id, 1, n, t.spider_id, '{\"n\": 1, \"title\": \"an item\"}'::jsonb"
                + " FROM tasks t, generate_series(1, " + itemsPerTask + ") n"
                + " WHERE t.command = '" + MARK + "' AND t.finished_at IS NOT NULL");
        jdbc.execute("VACUUM ANALYZE tasks");
        jdbc.execute("VACUUM ANALYZE items");
        jdbc.execute("ANALYZE spider_task_totals");
        return (System.nanoTime() - start) / 1e9;
    }

    private static double time(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
