package dev.crawlyard.store.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code spider_states} table and the state each attempt reported: a run reads its spider's
 * state, an attempt that exits 0 keeps the last state it printed, and the task's finalize saves
 * that as the spider's state only when the task ends {@code finished}.
 */
public class SpiderStateStore {

    /** The most a state may hold, as JSON text: a cursor or a high-water mark, not data. */
    public static final int MAX_STATE_BYTES = 64 * 1024;

    private final JdbcClient jdbc;

    public SpiderStateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SpiderState> find(long spiderId) {
        return jdbc.sql("SELECT * FROM spider_states WHERE spider_id = :spider")
                .param("spider", spiderId)
                .query(SpiderStateStore::map)
                .optional();
    }

    /** Sets the spider's state by hand (through the API). */
    public SpiderState put(long spiderId, String json) {
        return jdbc.sql("""
                        INSERT INTO spider_states (spider_id, state, task_id) VALUES (:spider, CAST(:state AS JSONB), NULL)
                        ON CONFLICT (spider_id) DO UPDATE SET state = excluded.state, task_id = NULL, updated_at = now()
                        RETURNING *""")
                .param("spider", spiderId)
                .param("state", json)
                .query(SpiderStateStore::map)
                .single();
    }

    /** Forgets the spider's state: its next run starts with none. Returns whether there was one. */
    public boolean reset(long spiderId) {
        return jdbc.sql("DELETE FROM spider_states WHERE spider_id = :spider").param("spider", spiderId).update() == 1;
    }

    /** Keeps the state an attempt reported, for the task's finalize to save if the task succeeds. */
    public void recordAttemptState(long taskId, int attempt, String json) {
        jdbc.sql("UPDATE task_attempts SET state = CAST(:state AS JSONB) WHERE task_id = :task AND attempt = :attempt")
                .param("state", json)
                .param("task", taskId)
                .param("attempt", attempt)
                .update();
    }

    /**
     * Saves as its spider's state the state that the task's last attempt reported, if it reported
     * one; for a task that ended {@code finished}. A repeated call saves the same state again.
     *
     * @return whether a state was saved
     */
    public boolean saveFromTask(long taskId) {
        return jdbc.sql("""
                        INSERT INTO spider_states (spider_id, state, task_id)
                        SELECT t.spider_id, a.state, t.id FROM tasks t
                        JOIN task_attempts a ON a.task_id = t.id
                        WHERE t.id = :task AND t.status = 'finished' AND a.state IS NOT NULL
                            AND a.attempt = (SELECT max(attempt) FROM task_attempts WHERE task_id = t.id)
                        ON CONFLICT (spider_id) DO UPDATE SET state = excluded.state, task_id = excluded.task_id,
                            updated_at = now()""")
                .param("task", taskId)
                .update() == 1;
    }

    private static SpiderState map(ResultSet rs, int row) throws SQLException {
        long task = rs.getLong("task_id");
        Long taskId = rs.wasNull() ? null : task;
        return new SpiderState(rs.getLong("spider_id"), rs.getString("state"), taskId,
                rs.getTimestamp("updated_at").toInstant());
    }
}
