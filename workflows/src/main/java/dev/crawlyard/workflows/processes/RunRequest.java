package dev.crawlyard.workflows.processes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskPolicy;
import java.util.Map;

/**
 * Input of {@link ProcessActivities#runProcess}.
 *
 * @param taskId    the task
 * @param spiderId  its spider
 * @param attempt   which run of the task this is, from 1; it keys the run's log lines and items
 * @param workspace where the process runs
 * @param command   the shell command to run
 * @param params    parameters written to the task's config file
 * @param env       extra environment variables
 * @param policy    the task's limits
 * @param items     how items are stored
 * @param dependencyEnv variables from the dependency install that put its environments in reach;
 *                      {@code PATH} and {@code NODE_PATH} go in front of the node's own
 * @param type      the spider's type ({@code command} or a built-in one), or null for a command
 * @param config    a built-in type's JSON config, for the task's config file, or null
 * @param container the container to run the command in, or null to run it as a process on the node
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRequest(
        long taskId,
        long spiderId,
        int attempt,
        String workspace,
        String command,
        Map<String, String> params,
        Map<String, String> env,
        TaskPolicy policy,
        ItemPolicy items,
        Map<String, String> dependencyEnv,
        String type,
        String config,
        ContainerSpec container) {

    /** A run of a spider that is a command of its own. */
    public RunRequest(long taskId, long spiderId, int attempt, String workspace, String command,
            Map<String, String> params, Map<String, String> env, TaskPolicy policy, ItemPolicy items,
            Map<String, String> dependencyEnv) {
        this(taskId, spiderId, attempt, workspace, command, params, env, policy, items, dependencyEnv, null, null, null);
    }

    /** A run as a process on the node. */
    public RunRequest(long taskId, long spiderId, int attempt, String workspace, String command,
            Map<String, String> params, Map<String, String> env, TaskPolicy policy, ItemPolicy items,
            Map<String, String> dependencyEnv, String type, String config) {
        this(taskId, spiderId, attempt, workspace, command, params, env, policy, items, dependencyEnv, type, config,
                null);
    }

    public RunRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        policy = policy == null ? TaskPolicy.DEFAULTS : policy;
        items = items == null ? ItemPolicy.NONE : items;
        attempt = Math.max(1, attempt);
        dependencyEnv = dependencyEnv == null ? Map.of() : Map.copyOf(dependencyEnv);
    }
}
