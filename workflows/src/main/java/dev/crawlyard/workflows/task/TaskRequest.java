package dev.crawlyard.workflows.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import java.util.Map;

/**
 * Everything a task needs to run, fixed when the task is created so that the workflow never has
 * to read anything else.
 *
 * @param taskId   the task row's id; the workflow id is {@code task-<taskId>}
 * @param spiderId the spider the task runs
 * @param command  the shell command that starts the spider, run in the task's workspace
 * @param files    inline files, relative path to text: only in requests made before spider versions,
 *                 kept so that their workflows still run; new requests name a version instead
 * @param params   parameters handed to the spider in its config file
 * @param env      environment variables added to the spider's process
 * @param policy   limits, retries and waits
 * @param items    how items are stored
 * @param dispatch where the task may run
 * @param spiderVersion  the version of the spider's files the task runs, or null for none (an empty
 *                       workspace); the node reads its manifest, so the history holds no file list
 * @param installCommand the spider's custom dependency install command, or null to detect
 *                       requirements.txt and package.json
 * @param type     the spider's type: null or {@code command} for its own program, or a built-in type
 *                 ({@code crawler}) whose program the node provides
 * @param config   a built-in type's JSON config, written into the task's config file; null for a command
 * @param container the container the spider runs in, or null to run it as a process on the node
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
        Dispatch dispatch,
        Integer spiderVersion,
        String installCommand,
        String type,
        String config,
        ContainerSpec container) {

    /** A request for a spider that is a command of its own. */
    public TaskRequest(long taskId, long spiderId, String command, Map<String, String> files,
            Map<String, String> params, Map<String, String> env, TaskPolicy policy, ItemPolicy items,
            Dispatch dispatch, Integer spiderVersion, String installCommand) {
        this(taskId, spiderId, command, files, params, env, policy, items, dispatch, spiderVersion, installCommand,
                null, null, null);
    }

    /** A request for a spider that runs as a process on the node. */
    public TaskRequest(long taskId, long spiderId, String command, Map<String, String> files,
            Map<String, String> params, Map<String, String> env, TaskPolicy policy, ItemPolicy items,
            Dispatch dispatch, Integer spiderVersion, String installCommand, String type, String config) {
        this(taskId, spiderId, command, files, params, env, policy, items, dispatch, spiderVersion, installCommand,
                type, config, null);
    }

    public TaskRequest {
        files = files == null ? Map.of() : Map.copyOf(files);
        params = params == null ? Map.of() : Map.copyOf(params);
        env = env == null ? Map.of() : Map.copyOf(env);
        policy = policy == null ? TaskPolicy.DEFAULTS : policy;
        items = items == null ? ItemPolicy.NONE : items;
        dispatch = dispatch == null ? Dispatch.ANY_NODE : dispatch;
        installCommand = installCommand == null || installCommand.isBlank() ? null : installCommand;
    }

    /** The workflow id of a task. */
    public static String workflowId(long taskId) {
        return "task-" + taskId;
    }

    /**
     * How a task's workflow is started outside a workflow (by a run's local activity, or by a cancel
     * that finds none): on the workflows' queue, with the task's id, once: a second start is refused.
     */
    public static WorkflowOptions startOptions(long taskId) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(workflowId(taskId))
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
    }
}
