package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * Everything a task needs to run, fixed when the task is created so that the workflow never has
 * to read anything else.
 *
 * @param taskId   the task row's id; the workflow id is {@code task-<taskId>}
 * @param spiderId the spider the task runs
 * @param command  the shell command that starts the spider, run in the task's workspace
 * @param files    the spider's files, relative path to text
 * @param params   parameters handed to the spider in its config file
 * @param env      environment variables added to the spider's process
 * @param policy   limits, retries and waits
 * @param items    how items are stored
 * @param dispatch where the task may run
 */
// Workflow histories keep old payloads: a field removed from this record must not break their replay.
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskRequest(
        long taskId,
        long spiderId,
        String command,
        Map<String, String> files,
        Map<String, String> params,
        Map<String, String> env,
        TaskPolicy policy,
        ItemPolicy items,
        Dispatch dispatch) {

    public TaskRequest {
        files = files == null ? Map.of() : Map.copyOf(files);
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        policy = policy == null ? TaskPolicy.DEFAULTS : policy;
        items = items == null ? ItemPolicy.NONE : items;
        dispatch = dispatch == null ? Dispatch.ANY_NODE : dispatch;
    }

    /** The workflow id of a task. */
    public static String workflowId(long taskId) {
        return "task-" + taskId;
    }
}
