package dev.crawlyard.store.tasks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code task_attempts} table: every run of a task, including the ones a lost node took with it. */
public class AttemptStore {

    private final JdbcClient jdbc;

    public AttemptStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that attempt {@code attempt} started on {@code node}, and that any earlier attempt
     * that never ended was lost with its node; the node's last start (which random dispatch orders
     * nodes by) becomes now. Idempotent.
     */
    public void start(long taskId, int attempt, String node) {
        // One statement: the earlier attempts still open are lost, this one is (re)started, and the
        // node has started one now.
        jdbc.sql("""
                        WITH lost AS (
                            UPDATE task_attempts SET ended_at = now(), outcome = 'lost',
                                error = 'node ' || node_key || ' went away during this attempt'
                            WHERE task_id = :task AND attempt < :attempt AND ended_at IS NULL),
                        node AS (
                            UPDATE nodes SET last_start_at = now() WHERE node_key = :node)
                        INSERT INTO task_attempts (task_id, attempt, node_key) VALUES (:task, :attempt, :node)
                        ON CONFLICT (task_id, attempt) DO UPDATE SET node_key = excluded.node_key,
                            started_at = now(), ended_at = NULL, outcome = NULL, exit_code = NULL, error = NULL""")
                .param("task", taskId)
                .param("attempt", attempt)
                .param("node", node)
                .update();
    }

    /** Records how attempt {@code attempt} ended. */
    public void end(long taskId, int attempt, String outcome, Integer exitCode, String error) {
        jdbc.sql("""
                        UPDATE task_attempts SET ended_at = now(), outcome = :outcome, exit_code = :exit, error = :error
                        WHERE task_id = :task AND attempt = :attempt""")
                .param("outcome", outcome)
                .param("exit", exitCode)
                .param("error", error)
                .param("task", taskId)
                .param("attempt", attempt)
                .update();
    }

    /**
     * Records how attempt {@code attempt} ended unless its end is on record already (a cancel, or
     * another run of a step, said first); whether this call recorded it.
     */
    public boolean endIfOpen(long taskId, int attempt, String outcome, Integer exitCode, String error) {
        return jdbc.sql("""
                        UPDATE task_attempts SET ended_at = now(), outcome = :outcome, exit_code = :exit, error = :error
                        WHERE task_id = :task AND attempt = :attempt AND ended_at IS NULL""")
                .param("outcome", outcome)
                .param("exit", exitCode)
                .param("error", error)
                .param("task", taskId)
                .param("attempt", attempt)
                .update() > 0;
    }

    /**
     * Ends every attempt of the task that has not ended, with {@code outcome} and {@code error}: the
     * task has ended without hearing from them. A null error says that the node went away.
     */
    public void closeOpen(long taskId, String outcome, String error) {
        jdbc.sql("""
                        UPDATE task_attempts SET ended_at = now(), outcome = :outcome,
                            error = COALESCE(:error, 'node ' || node_key || ' went away during this attempt')
                        WHERE task_id = :task AND ended_at IS NULL""")
                .param("outcome", outcome)
                .param("error", error)
                .param("task", taskId)
                .update();
    }

    public List<Attempt> list(long taskId) {
        return jdbc.sql("SELECT * FROM task_attempts WHERE task_id = :task ORDER BY attempt")
                .param("task", taskId)
                .query(AttemptStore::map)
                .list();
    }

    private static Attempt map(ResultSet rs, int row) throws SQLException {
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Attempt(rs.getInt("attempt"), rs.getString("node_key"), rs.getTimestamp("started_at").toInstant(),
                ended == null ? null : ended.toInstant(), rs.getString("outcome"), exitCode, rs.getString("error"));
    }
}
