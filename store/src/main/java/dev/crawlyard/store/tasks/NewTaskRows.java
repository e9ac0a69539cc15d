package dev.crawlyard.store.tasks;

import dev.crawlyard.store.JsonColumns;
import dev.crawlyard.store.containers.ContainerSpecs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one INSERT that makes a run's tasks, their containers with them: one statement, so that they
 * are made all together or not at all. A crawler's task has its items over all its attempts (see
 * {@code V18}): its spider's type decides, in the same statement.
 */
final class NewTaskRows {

    private NewTaskRows() {
    }

    /** The statement inserting {@code run} as pending tasks of {@code runKey}, returning their rows. */
    static JdbcClient.StatementSpec insert(JdbcClient jdbc, String runKey, List<NewTask> run) {
        StringBuilder sql = new StringBuilder("""
                INSERT INTO tasks (spider_id, status, command, params, env, runtime_limit_ms, memory_limit_bytes,
                    max_attempts, dispatch_mode, pinned_node, reassign, group_id, spider_version, schedule_id, run_key,
                    items_over_attempts, container)
                VALUES\s""");
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < run.size(); i++) {
            NewTask task = run.get(i);
            sql.append(i == 0 ? "" : ", ").append("""
                    (:spider%1$d, 'pending', :command%1$d, CAST(:params%1$d AS JSONB), CAST(:env%1$d AS JSONB),
                     :limit%1$d, :memory%1$d, :attempts%1$d, :mode%1$d, :pinned%1$d, :reassign%1$d, :group%1$d,
                     :version%1$d, :schedule%1$d, :run,
                     (SELECT type = 'crawler' FROM spiders WHERE id = :spider%1$d),
                     CAST(:container%1$d AS JSONB))""".formatted(i));
            params.put("spider" + i, task.spiderId());
            params.put("command" + i, task.command());
            params.put("params" + i, JsonColumns.write(task.params()));
            params.put("env" + i, JsonColumns.write(task.env()));
            params.put("limit" + i, task.runtimeLimit().toMillis());
            params.put("memory" + i, task.memoryLimitBytes());
            params.put("attempts" + i, task.maxAttempts());
            params.put("mode" + i, task.dispatchMode().wireName());
            params.put("pinned" + i, task.pinnedNode());
            params.put("reassign" + i, task.reassign());
            params.put("group" + i, task.groupId());
            params.put("version" + i, task.spiderVersion());
            params.put("schedule" + i, task.scheduleId());
            params.put("container" + i, ContainerSpecs.write(task.container()));
        }
        params.put("run", runKey);
        return jdbc.sql(sql + " RETURNING *").params(params);
    }
}
