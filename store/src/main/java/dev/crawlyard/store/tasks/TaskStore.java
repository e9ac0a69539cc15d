package dev.crawlyard.store.tasks;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.Page;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.StopMode;
import dev.crawlyard.workflows.task.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code tasks} table. Every status change goes through {@link #transition}. */
public class TaskStore {

    private final JdbcClient jdbc;

    public TaskStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a task in status {@code pending}. */
    public Task create(NewTask task) {
        return jdbc.sql("""
                        INSERT INTO tasks (spider_id, status, command, params, env, runtime_limit_ms)
                        VALUES (:spider, 'pending', :command, :params::jsonb, :env::jsonb, :limit)
                        RETURNING *""")
                .param("spider", task.spiderId())
                .param("command", task.command())
                .param("params", JsonColumns.write(task.params()))
                .param("env", JsonColumns.write(task.env()))
                .param("limit", task.runtimeLimit().toMillis())
                .query(TaskStore::map)
                .single();
    }

    public Optional<Task> find(long id) {
        return jdbc.sql("SELECT * FROM tasks WHERE id = :id").param("id", id).query(TaskStore::map).optional();
    }

    /** Tasks matching the filter, newest first. */
    public Page<Task> list(TaskFilter filter, int page, int size) {
        String where = " WHERE (CAST(:spider AS BIGINT) IS NULL OR spider_id = :spider)"
                + " AND (CAST(:status AS TEXT) IS NULL OR status = :status)";
        String status = filter.status() == null ? null : filter.status().wireName();
        List<Task> items = jdbc.sql("SELECT * FROM tasks" + where + " ORDER BY id DESC LIMIT :size OFFSET :offset")
                .param("spider", filter.spiderId())
                .param("status", status)
                .param("size", size)
                .param("offset", (long) page * size)
                .query(TaskStore::map)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM tasks" + where)
                .param("spider", filter.spiderId())
                .param("status", status)
                .query(Long.class)
                .single();
        return new Page<>(items, page, size, total);
    }

    /**
     * Moves a task to {@code next} and writes the change's fields, if {@link TaskStatus#canMoveTo}
     * allows it from the task's current status. A task already in {@code next} takes the change's
     * fields again if {@code next} is live (a retried sync on another node records that node) and is
     * left as it is if {@code next} is terminal, so that a retried activity does no harm.
     *
     * @throws IllegalTransitionException if the guard refuses the move
     * @throws IllegalStateException      if there is no such task
     */
    public Task transition(long taskId, TaskStatus next, TaskChange change) {
        List<String> from = TaskStatus.predecessorsOf(next).stream().map(TaskStatus::wireName).toList();
        Optional<Task> moved = jdbc.sql("""
                        UPDATE tasks SET
                            status = :next,
                            node_key = COALESCE(:node, node_key),
                            exit_code = COALESCE(:exit, exit_code),
                            stop_mode = COALESCE(:stop, stop_mode),
                            error_kind = COALESCE(:kind, error_kind),
                            error_message = COALESCE(:message, error_message),
                            started_at = CASE WHEN :next = 'running' THEN now() ELSE started_at END,
                            finished_at = CASE WHEN :terminal THEN now() ELSE finished_at END
                        WHERE id = :id AND (status IN (:from) OR (status = :next AND NOT :terminal))
                        RETURNING *""")
                .param("next", next.wireName())
                .param("node", change.nodeKey())
                .param("exit", change.exitCode())
                .param("stop", change.stopMode() == null ? null : lower(change.stopMode()))
                .param("kind", change.errorKind() == null ? null : lower(change.errorKind()))
                .param("message", change.errorMessage())
                .param("terminal", next.isTerminal())
                .param("id", taskId)
                .param("from", from)
                .query(TaskStore::map)
                .optional();
        if (moved.isPresent()) {
            return moved.get();
        }
        Task current = find(taskId).orElseThrow(() -> new IllegalStateException("no task " + taskId));
        if (current.status() == next) {
            return current;
        }
        throw new IllegalTransitionException(taskId, current.status(), next);
    }

    /**
     * Ends every task that has not ended as {@code abnormal} with {@code message}: for a platform
     * whose Temporal keeps no state across restarts, those tasks' workflows are gone.
     *
     * @return how many tasks were ended
     */
    public int abandonLiveTasks(String message) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'abnormal', error_kind = 'system', error_message = :message,
                            finished_at = now()
                        WHERE status IN ('pending', 'preparing', 'running')""")
                .param("message", message)
                .update();
    }

    /** Notes when a user first asked to cancel the task. */
    public void recordCancelRequest(long taskId) {
        jdbc.sql("UPDATE tasks SET cancel_requested_at = COALESCE(cancel_requested_at, now()) WHERE id = :id")
                .param("id", taskId)
                .update();
    }

    /** Sets how many log lines the task has stored; the count only grows. */
    public void updateLogLines(long taskId, long lines) {
        jdbc.sql("UPDATE tasks SET log_lines = GREATEST(log_lines, :lines) WHERE id = :id")
                .param("lines", lines)
                .param("id", taskId)
                .update();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static Task map(ResultSet rs, int row) throws SQLException {
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        String kind = rs.getString("error_kind");
        return new Task(
                rs.getLong("id"),
                rs.getLong("spider_id"),
                TaskStatus.fromWireName(rs.getString("status")),
                rs.getString("command"),
                JsonColumns.readStringMap(rs.getString("params")),
                JsonColumns.readStringMap(rs.getString("env")),
                Duration.ofMillis(rs.getLong("runtime_limit_ms")),
                rs.getString("node_key"),
                exitCode,
                StopMode.valueOf(rs.getString("stop_mode").toUpperCase(Locale.ROOT)),
                kind == null ? null : ErrorKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                rs.getString("error_message"),
                rs.getLong("log_lines"),
                instant(rs.getTimestamp("cancel_requested_at")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
