package dev.crawlyard.store.schedules;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.workflows.task.DispatchMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code schedules} table. */
public class ScheduleStore {

    private final JdbcClient jdbc;

    public ScheduleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Schedule create(ScheduleSettings settings) {
        return bind(jdbc.sql("""
                        INSERT INTO schedules (spider_id, spider_version, cron, time_zone, params, env, dispatch_mode,
                            nodes, reassign, overlap, max_attempts, runtime_limit_ms, enabled, auto_pause_after)
                        VALUES (:spider, :version, :cron, :zone, :params::jsonb, :env::jsonb, :mode, :nodes::jsonb,
                            :reassign, :overlap, :attempts, :limit, :enabled, :autoPause)
                        RETURNING *"""), settings)
                .query(ScheduleStore::map)
                .single();
    }

    /** Replaces a schedule's settings; its pause and health stay as they are. */
    public Optional<Schedule> update(long id, ScheduleSettings settings) {
        return bind(jdbc.sql("""
                        UPDATE schedules SET spider_id = :spider, spider_version = :version, cron = :cron,
                            time_zone = :zone, params = :params::jsonb, env = :env::jsonb, dispatch_mode = :mode,
                            nodes = :nodes::jsonb, reassign = :reassign, overlap = :overlap,
                            max_attempts = :attempts, runtime_limit_ms = :limit, enabled = :enabled,
                            auto_pause_after = :autoPause, broken_reason = NULL, updated_at = now()
                        WHERE id = :id
                        RETURNING *"""), settings)
                .param("id", id)
                .query(ScheduleStore::map)
                .optional();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, ScheduleSettings settings) {
        return statement
                .param("spider", settings.spiderId())
                .param("version", settings.spiderVersion())
                .param("cron", settings.cron())
                .param("zone", settings.timeZone())
                .param("params", JsonColumns.write(settings.params()))
                .param("env", JsonColumns.write(settings.env()))
                .param("mode", settings.dispatchMode().wireName())
                .param("nodes", JsonColumns.writeList(settings.nodes()))
                .param("reassign", settings.reassign())
                .param("overlap", settings.overlap().wireName())
                .param("attempts", settings.maxAttempts())
                .param("limit", settings.runtimeLimit() == null ? null : settings.runtimeLimit().toMillis())
                .param("enabled", settings.enabled())
                .param("autoPause", settings.autoPauseAfter());
    }

    public Optional<Schedule> find(long id) {
        return jdbc.sql("SELECT * FROM schedules WHERE id = :id").param("id", id).query(ScheduleStore::map).optional();
    }

    /** Every schedule, oldest first. */
    public List<Schedule> list() {
        return jdbc.sql("SELECT * FROM schedules ORDER BY id").query(ScheduleStore::map).list();
    }

    /** The ids of every schedule, oldest first: for going through them one by one, a bad row not stopping the rest. */
    public List<Long> ids() {
        return jdbc.sql("SELECT id FROM schedules ORDER BY id").query(Long.class).list();
    }

    /**
     * Marks a schedule that cannot be set up on its backend, with the reason (kept to 2,000
     * characters), or clears the mark with null. Written by id alone, so that it works for a row
     * that cannot be read.
     */
    public void markBroken(long id, String reason) {
        String text = reason == null ? null : reason.replace('\0', '\uFFFD');
        if (text != null && text.length() > 2000) {
            text = text.substring(0, 2000);
        }
        jdbc.sql("UPDATE schedules SET broken_reason = :reason WHERE id = :id")
                .param("reason", text)
                .param("id", id)
                .update();
    }

    /** @return false if there was no such schedule */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM schedules WHERE id = :id").param("id", id).update() == 1;
    }

    /** Pauses (with a note saying why) or unpauses a schedule; unpausing starts its failure count afresh. */
    public Optional<Schedule> setPaused(long id, boolean paused, String note) {
        return jdbc.sql("""
                        UPDATE schedules SET paused = :paused, pause_note = :note,
                            consecutive_failures = CASE WHEN :paused THEN consecutive_failures ELSE 0 END,
                            updated_at = now()
                        WHERE id = :id
                        RETURNING *""")
                .param("paused", paused)
                .param("note", note)
                .param("id", id)
                .query(ScheduleStore::map)
                .optional();
    }

    /**
     * Counts a run's outcome: a failure adds one to the consecutive failures, a success sets them
     * to zero. Keyed by the firing, so that a retried recording counts once.
     */
    public Optional<Schedule> recordOutcome(long id, String firing, boolean succeeded) {
        jdbc.sql("""
                        UPDATE schedules SET
                            consecutive_failures = CASE WHEN :succeeded THEN 0 ELSE consecutive_failures + 1 END,
                            last_outcome_firing = :firing
                        WHERE id = :id AND last_outcome_firing IS DISTINCT FROM :firing""")
                .param("succeeded", succeeded)
                .param("firing", firing)
                .param("id", id)
                .update();
        return find(id);
    }

    private static Schedule map(ResultSet rs, int row) throws SQLException {
        int attempts = rs.getInt("max_attempts");
        Integer maxAttempts = rs.wasNull() ? null : attempts;
        long limit = rs.getLong("runtime_limit_ms");
        Duration runtimeLimit = rs.wasNull() ? null : Duration.ofMillis(limit);
        int version = rs.getInt("spider_version");
        Integer spiderVersion = rs.wasNull() ? null : version;
        ScheduleSettings settings = new ScheduleSettings(
                rs.getLong("spider_id"),
                spiderVersion,
                rs.getString("cron"),
                rs.getString("time_zone"),
                JsonColumns.readStringMap(rs.getString("params")),
                JsonColumns.readStringMap(rs.getString("env")),
                DispatchMode.fromWireName(rs.getString("dispatch_mode")),
                JsonColumns.readStringList(rs.getString("nodes")),
                rs.getBoolean("reassign"),
                OverlapPolicy.fromWireName(rs.getString("overlap")),
                maxAttempts,
                runtimeLimit,
                rs.getBoolean("enabled"),
                rs.getInt("auto_pause_after"));
        return new Schedule(rs.getLong("id"), settings, rs.getBoolean("paused"), rs.getString("pause_note"),
                rs.getInt("consecutive_failures"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("broken_reason"));
    }
}
