package dev.crawlyard.store.tasks;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.tokens.TokenStore;
import dev.crawlyard.workflows.task.TaskStatus;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code tasks} table. Every status change goes through {@link #transition}, the guard; a task's
 * end is written by {@link TaskEndings}, which goes through it too.
 */
public class TaskStore {

    private final JdbcClient jdbc;
    private final AttemptStore attempts;

    public TaskStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.attempts = new AttemptStore(jdbc);
    }

    /** Creates a task in status {@code pending}, outside any run. */
    public Task create(NewTask task) {
        return createRun(task.runKey(), List.of(task)).getFirst();
    }

    /**
     * Creates a run's tasks, all in status {@code pending}, in one statement: all of them or, if
     * anything fails, none. A run that has its tasks already (a retried request or firing) gets
     * those back and makes no more: they were made together, so they are the whole set.
     *
     * @param runKey identifies the run; null for tasks that belong to no run (each call makes new ones)
     */
    public List<Task> createRun(String runKey, List<NewTask> run) {
        if (run.isEmpty()) {
            return List.of();
        }
        if (runKey != null) {
            List<Task> made = findByRunKey(runKey);
            if (!made.isEmpty()) {
                return made;
            }
        }
        try {
            return NewTaskRows.insert(jdbc, runKey, run).query(TaskRows::map).list().stream()
                    .sorted(Comparator.comparingLong(Task::id))
                    .toList();
        } catch (DuplicateKeyException e) {
            // Another try of the same run made its tasks meanwhile, in one statement too.
            List<Task> made = runKey == null ? List.of() : findByRunKey(runKey);
            if (made.isEmpty()) {
                throw e;
            }
            return made;
        }
    }

    /** The tasks one run (a request or a schedule firing) made, in the order they were made. */
    public List<Task> findByRunKey(String runKey) {
        return jdbc.sql("SELECT * FROM tasks WHERE run_key = :run ORDER BY id")
                .param("run", runKey)
                .query(TaskRows::map)
                .list();
    }

    /** The ids of the tasks that have not ended, oldest first. */
    public List<Long> liveTaskIds() {
        return jdbc.sql("SELECT id FROM tasks WHERE status IN ('pending', 'preparing', 'running') ORDER BY id")
                .query(Long.class)
                .list();
    }

    public Optional<Task> find(long id) {
        return jdbc.sql("SELECT * FROM tasks WHERE id = :id").param("id", id).query(TaskRows::map).optional();
    }

    /** Tasks matching the filter, newest first. */
    public Page<Task> list(TaskFilter filter, int page, int size) {
        String where = " WHERE (CAST(:spider AS BIGINT) IS NULL OR spider_id = :spider)"
                + " AND (CAST(:status AS TEXT) IS NULL OR status = :status)"
                + " AND (CAST(:schedule AS BIGINT) IS NULL OR schedule_id = :schedule)";
        String status = filter.status() == null ? null : filter.status().wireName();
        List<Task> items = jdbc.sql("SELECT * FROM tasks" + where + " ORDER BY id DESC LIMIT :size OFFSET :offset")
                .param("spider", filter.spiderId())
                .param("status", status)
                .param("schedule", filter.scheduleId())
                .param("size", size)
                .param("offset", (long) page * size)
                .query(TaskRows::map)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM tasks" + where)
                .param("spider", filter.spiderId())
                .param("status", status)
                .param("schedule", filter.scheduleId())
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
                .query(TaskRows::map)
                .optional();
        if (moved.isPresent()) {
            return moved.get();
        }
        Task current = find(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
        if (current.status() == next) {
            return current;
        }
        throw new IllegalTransitionException(taskId, current.status(), next);
    }

    /** How many tasks are pending, preparing and running now (an index scan: tasks_status_created). */
    public Map<TaskStatus, Long> countLive() {
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        for (TaskStatus status : List.of(TaskStatus.PENDING, TaskStatus.PREPARING, TaskStatus.RUNNING)) {
            counts.put(status, 0L);
        }
        jdbc.sql("""
                        SELECT status, count(*) AS n FROM tasks
                        WHERE status IN ('pending', 'preparing', 'running') GROUP BY status""")
                .query((row, n) -> Map.entry(TaskStatus.fromWireName(row.getString("status")), row.getLong("n")))
                .list()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** The ids of a spider's tasks that have not ended (pending, preparing, running), oldest first. */
    public List<Long> liveTaskIds(long spiderId) {
        return jdbc.sql("""
                        SELECT id FROM tasks WHERE spider_id = :spider AND status IN ('pending', 'preparing', 'running')
                        ORDER BY id""")
                .param("spider", spiderId)
                .query(Long.class)
                .list();
    }

    /**
     * Deletes an ended task's items and log lines and notes when; the task row and its counters stay.
     *
     * @return false if the task has not ended (nothing is deleted), true otherwise
     * @throws NoSuchTaskException if there is no such task
     */
    public boolean deleteData(long taskId) {
        Optional<Task> task = find(taskId);
        if (task.isEmpty()) {
            throw new NoSuchTaskException(taskId);
        }
        return jdbc.sql("""
                        WITH ended AS (
                            UPDATE tasks SET data_deleted_at = now(), log_lines = 0
                            WHERE id = :id AND status NOT IN ('pending', 'preparing', 'running')
                            RETURNING id),
                        gone_logs AS (DELETE FROM task_logs WHERE task_id IN (SELECT id FROM ended)),
                        gone_items AS (DELETE FROM items WHERE task_id IN (SELECT id FROM ended))
                        SELECT count(*) FROM ended""")
                .param("id", taskId)
                .query(Long.class)
                .single() > 0;
    }

    /** Notes when a user first asked to cancel the task. */
    public void recordCancelRequest(long taskId) {
        jdbc.sql("UPDATE tasks SET cancel_requested_at = COALESCE(cancel_requested_at, now()) WHERE id = :id")
                .param("id", taskId)
                .update();
    }

    /**
     * Records where a running task is. The counters only grow, so a late or repeated report
     * cannot move them back; null progress fields leave the last reported ones. The item and log
     * line counts are not taken from reports: the database counts the rows as they are stored.
     */
    public void updateProgress(long taskId, TaskProgress progress) {
        jdbc.sql("""
                        UPDATE tasks SET
                            progress_stage = COALESCE(:stage, progress_stage),
                            progress_current = COALESCE(:current, progress_current),
                            progress_total = COALESCE(:total, progress_total),
                            progress_percentage = COALESCE(:percentage, progress_percentage),
                            warnings = GREATEST(warnings, :warnings),
                            errors_reported = GREATEST(errors_reported, :errors),
                            last_error = COALESCE(:lastError, last_error),
                            last_heartbeat_at = now()
                        WHERE id = :id""")
                .param("stage", progress.stage())
                .param("current", progress.current())
                .param("total", progress.total())
                .param("percentage", progress.percentage())
                .param("warnings", progress.warnings())
                .param("errors", progress.errorsReported())
                .param("lastError", progress.lastError())
                .param("id", taskId)
                .update();
    }

    /**
     * Sets the item and log line counts to the rows of the task's last attempt (its items of every
     * attempt when they add up over attempts, as a crawler's do). The database keeps them so as
     * rows arrive; this sets them again from scratch when the task ends.
     */
    public void freezeCounts(long taskId) {
        // In the database, so that it counts after taking the task's row lock (V21): a single
        // UPDATE would count in the snapshot it began with, missing a deletion committed meanwhile.
        jdbc.sql("SELECT count_task_output(:id)")
                .param("id", taskId)
                .query((row, n) -> n)
                .single();
    }

    /**
     * Makes {@code nodeKey} the node of the task's attempt number {@code attempt}: the first attempt
     * moves the task to preparing, a later one (a retry, or a task sent back to dispatch) records
     * the node and leaves the status as it is. The attempt becomes the task's last one, whose
     * output the task's counts and default views show, and goes on record with its node, closing
     * any earlier attempt that never ended as lost. Idempotent.
     *
     * @throws IllegalTransitionException if the task has ended meanwhile (it was cancelled)
     */
    public void claim(long taskId, int attempt, String nodeKey) {
        if (attempt <= 1) {
            transition(taskId, TaskStatus.PREPARING, TaskChange.onNode(nodeKey));
        } else {
            int recorded = jdbc.sql("""
                            UPDATE tasks SET node_key = :node
                            WHERE id = :id AND status IN ('pending', 'preparing', 'running')""")
                    .param("node", nodeKey)
                    .param("id", taskId)
                    .update();
            if (recorded == 0) {
                Task current = find(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
                throw new IllegalTransitionException(taskId, current.status(), TaskStatus.PREPARING);
            }
        }
        jdbc.sql("""
                        UPDATE tasks t SET attempt = :attempt,
                            items_count = (SELECT count(*) FROM items
                                WHERE task_id = t.id AND (attempt = :attempt OR t.items_over_attempts)),
                            log_lines = (SELECT count(*) FROM task_logs WHERE task_id = t.id AND attempt = :attempt)
                        WHERE id = :id AND attempt < :attempt""")
                .param("attempt", attempt)
                .param("id", taskId)
                .update();
        attempts.start(taskId, attempt, nodeKey);
    }

    /** Records what the task's node did to give it its files; a later sync (a retry) replaces it. */
    public void recordSync(long taskId, FileSync sync) {
        jdbc.sql("""
                        UPDATE tasks SET sync_files = :files, sync_bytes = :bytes, files_transferred = :filesTransferred,
                            bytes_transferred = :bytesTransferred, sync_millis = :millis
                        WHERE id = :id""")
                .param("files", sync.files())
                .param("bytes", sync.bytes())
                .param("filesTransferred", sync.filesTransferred())
                .param("bytesTransferred", sync.bytesTransferred())
                .param("millis", sync.millis())
                .param("id", taskId)
                .update();
    }

    /** Gives the task a new token for its spider's HTTP calls and returns it; only its hash is kept. */
    public String issueTaskToken(long taskId) {
        String token = TokenStore.newToken();
        jdbc.sql("UPDATE tasks SET task_token_hash = :hash WHERE id = :id")
                .param("hash", TokenStore.hash(token))
                .param("id", taskId)
                .update();
        return token;
    }

    /** The live task that holds this token, if any. */
    public Optional<Task> findByTaskToken(String token) {
        if (token == null || !token.startsWith(TokenStore.PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM tasks WHERE task_token_hash = :hash")
                .param("hash", TokenStore.hash(token))
                .query(TaskRows::map)
                .optional();
    }

    /** Records what a spider reported on its completion over HTTP: its result data and error. */
    public void recordResult(long taskId, String resultJson, String error) {
        jdbc.sql("""
                        UPDATE tasks SET result = COALESCE(CAST(:result AS JSONB), result),
                            last_error = COALESCE(:error, last_error),
                            errors_reported = errors_reported + CASE WHEN CAST(:error AS TEXT) IS NULL THEN 0 ELSE 1 END
                        WHERE id = :id""")
                .param("result", resultJson)
                .param("error", error)
                .param("id", taskId)
                .update();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
