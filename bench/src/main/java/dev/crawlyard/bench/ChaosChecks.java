package dev.crawlyard.bench;

import dev.crawlyard.bench.ChaosScenario.ApiRestart;
import dev.crawlyard.bench.ChaosScenario.Kill;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the chaos run left in the database, checked as a user would check it, as figures. */
final class ChaosChecks {

    private final JdbcTemplate jdbc;
    private final long spider;

    ChaosChecks(JdbcTemplate jdbc, long spider) {
        this.jdbc = jdbc;
        this.spider = spider;
    }

    List<Figure> figures(String scenario, int submitted, List<Kill> kills, Duration took, ApiRestart restart,
            long spidersAtEnd, long spidersLater) {
        Map<String, Long> statuses = new LinkedHashMap<>();
        jdbc.query("SELECT status, count(*) FROM tasks WHERE spider_id = ? GROUP BY status ORDER BY status",
                rs -> {
                    statuses.put(rs.getString(1), rs.getLong(2));
                }, spider);
        long made = statuses.values().stream().mapToLong(Long::longValue).sum();
        long live = statuses.getOrDefault("pending", 0L) + statuses.getOrDefault("preparing", 0L)
                + statuses.getOrDefault("running", 0L);
        // Each finished task's final attempt against what its spider printed: {"n": 0} .. {"n": count-1}.
        long[] items = jdbc.queryForObject("""
                SELECT COALESCE(sum(GREATEST(expected - found, 0)), 0), COALESCE(sum(stored - found), 0),
                       COALESCE(sum(CASE WHEN counted <> stored THEN 1 ELSE 0 END), 0), COALESCE(sum(stored), 0)
                FROM (SELECT (t.params ->> 'count')::int AS expected, t.items_count AS counted,
                             count(i.seq) AS stored, count(DISTINCT i.data ->> 'n') AS found
                      FROM tasks t LEFT JOIN items i ON i.task_id = t.id AND i.attempt = t.attempt
                      WHERE t.spider_id = ? AND t.status = 'finished'
                      GROUP BY t.id) per_task""", (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4)}, spider);
        long openAttempts = jdbc.queryForObject("SELECT count(*) FROM task_attempts a JOIN tasks t ON t.id = a.task_id"
                + " WHERE t.spider_id = ? AND (a.ended_at IS NULL OR a.outcome IS NULL)", Long.class, spider);
        long interrupted = 0;
        long recordedLost = 0;
        List<Double> perTask = new ArrayList<>();
        List<Double> perKill = new ArrayList<>();
        for (Kill kill : kills) {
            double worst = -1;
            for (long[] attempt : kill.openAttempts()) {
                interrupted++;
                String outcome = jdbc.queryForObject("SELECT outcome FROM task_attempts WHERE task_id = ? AND attempt = ?",
                        String.class, attempt[0], attempt[1]);
                recordedLost += "lost".equals(outcome) ? 1 : 0;
                Timestamp next = jdbc.queryForObject("SELECT min(created_at) FROM items WHERE task_id = ? AND attempt > ?",
                        Timestamp.class, attempt[0], attempt[1]);
                if (next != null) {
                    double seconds = Duration.between(kill.at(), next.toInstant()).toMillis() / 1000.0;
                    perTask.add(seconds);
                    worst = Math.max(worst, seconds);
                }
            }
            if (worst >= 0) {
                perKill.add(worst);
            }
        }
        Map<String, Long> unfinished = new LinkedHashMap<>();
        jdbc.query("SELECT status || ': ' || COALESCE(error_message, ''), count(*) FROM tasks WHERE spider_id = ?"
                + " AND status <> 'finished' GROUP BY 1 ORDER BY 2 DESC", rs -> {
                    unfinished.put(rs.getString(1), rs.getLong(2));
                }, spider);
        List<Long> notEnded = jdbc.queryForList("SELECT id FROM tasks WHERE spider_id = ? AND status IN ('pending',"
                + " 'preparing', 'running') ORDER BY id LIMIT 20", Long.class, spider);
        Stats kill = Stats.of(perKill);
        Stats task = Stats.of(perTask);
        String run = String.format(Locale.ROOT, "%d tasks (every fifth 20 items a second apart, the others 3 at once)"
                + " over 3 worker JVMs, a node SIGKILLed about every 20 s and started again under a new key (%d kills),"
                + " the api restarted once at task %d (away %.1f s), PostgreSQL and Temporal in JVMs of their own;"
                + " %.1f min in all; tasks by status %s; those not finished: %s; not ended (ids): %s", submitted, kills.size(),
                restart.atTask, restart.downtime == null ? Double.NaN : restart.downtime.toMillis() / 1000.0,
                took.toSeconds() / 60.0, statuses, unfinished, notEnded);
        return List.of(
                new Figure(scenario, "tasks not ended", live, Double.NaN, "0", run),
                new Figure(scenario, "tasks made twice", made - submitted, Double.NaN, "0", "tasks on record beyond the "
                        + submitted + " requests (each request sent again with its Idempotency-Key until accepted)"),
                new Figure(scenario, "items lost", items[0], Double.NaN, "0", "items missing from finished tasks' final"
                        + " attempts, of " + items[3] + " stored there"),
                new Figure(scenario, "items doubled", items[1], Double.NaN, "0", "items stored twice in a finished"
                        + " task's final attempt; rows whose count differs from its items: " + items[2]),
                new Figure(scenario, "lost attempts recorded", recordedLost, interrupted, "all", recordedLost + " of the "
                        + interrupted + " attempts open on a node when it was killed are on record as lost; attempts"
                        + " left without an end: " + openAttempts),
                new Figure(scenario, "spiders left running", spidersAtEnd, Double.NaN, "0", "spider processes alive"
                        + " once every task had ended; 30 s later: " + spidersLater),
                new Figure(scenario, "recovery after SIGKILL", kill.p50(), Double.NaN, "max <= heartbeat timeout (20 s) + 10 s",
                        String.format(Locale.ROOT, "per kill, kill -> the last of its tasks running again elsewhere (first"
                                + " item of the next attempt): median %.1f s, p95 %.1f s, max %.1f s over %d kills that hit"
                                + " running tasks; per task: median %.1f s, p95 %.1f s, max %.1f s over %d tasks",
                                kill.p50(), kill.p95(), kill.max(), kill.count(), task.p50(), task.p95(), task.max(),
                                task.count())));
    }
}
